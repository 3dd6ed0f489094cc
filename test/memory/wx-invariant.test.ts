// Proves W^X from the OS's side: /proc/self/maps (read here directly, not through jitkit) must never show
// a mapping jitkit owns as writable and executable at once, and no mmap/mprotect jitkit issues may ask
// for PROT_WRITE|PROT_EXEC together — which also covers the instants between the checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CodeHeap, onOsCall, type OsCallRecord } from '../../src/memory/index.ts';
import { cannotRunCode } from '../support/host.ts';

interface Mapping {
  start: bigint;
  end: bigint;
  perms: string;
  path: string;
}

function procMaps(): Mapping[] {
  return readFileSync('/proc/self/maps', 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [range, perms, , , , ...rest] = line.split(/\s+/);
      const [start, end] = range!.split('-').map((hex) => BigInt(`0x${hex}`));
      return { start: start!, end: end!, perms: perms!, path: rest.join(' ') };
    });
}

function assertNoWritableExecutable(heap: CodeHeap, moment: string): void {
  const owned = heap.mappedRanges();
  const maps = procMaps();
  for (const range of owned) {
    const overlapping = maps.filter((mapping) => mapping.start < range.end && range.start < mapping.end);
    assert.ok(overlapping.length > 0, `${moment}: jitkit's ${range.view} view 0x${range.start.toString(16)} is missing from /proc/self/maps`);
    for (const mapping of overlapping) {
      const writable = mapping.perms[1] === 'w';
      const executable = mapping.perms[2] === 'x';
      assert.ok(!(writable && executable), `${moment}: ${mapping.start.toString(16)}-${mapping.end.toString(16)} is ${mapping.perms}`);
      if (heap.policy === 'dual') {
        assert.match(mapping.path, /memfd:jitkit/, `${moment}: dual views are backed by the memfd named jitkit`);
        assert.equal(range.view === 'executable' ? executable && !writable : writable && !executable, true, `${moment}: ${range.view} view is ${mapping.perms}`);
      }
    }
  }
}

for (const policy of ['wx', 'dual'] as const) {
  test(`${policy}: no jitkit mapping is ever writable and executable at once`, { skip: cannotRunCode }, () => {
    const requests: OsCallRecord[] = [];
    const previous = onOsCall((record) => {
      if (record.name === 'mmap' || record.name === 'mprotect') requests.push(record);
    });
    const heap = new CodeHeap({ policy });
    try {
      assertNoWritableExecutable(heap, 'empty heap');
      const blocks = [];
      for (let index = 0; index < 40; index++) {
        const block = heap.allocate(100 + index * 37);
        assertNoWritableExecutable(heap, `after allocate #${index}`);
        block.write(0, new Uint8Array(block.size).fill(0xc3));
        assertNoWritableExecutable(heap, `after write #${index}`);
        blocks.push(block);
      }
      for (const [index, block] of blocks.entries()) {
        block.write(1, Uint8Array.of(1, 2, 3, 4));
        assertNoWritableExecutable(heap, `after patch #${index}`);
        if (block.address % 8n === 0n) block.writeAtomic(0, new Uint8Array(8));
        assertNoWritableExecutable(heap, `after atomic patch #${index}`);
      }
      for (const [index, block] of blocks.entries()) {
        if (index % 2 === 0) block.free();
        assertNoWritableExecutable(heap, `after free #${index}`);
      }
    } finally {
      heap.dispose();
      onOsCall(previous);
    }
    assert.ok(requests.length > 0, 'the heap made mapping calls');
    for (const request of requests) {
      assert.ok(!String(request.args[request.name === 'mmap' ? 2 : 2]).includes('PROT_WRITE|PROT_EXEC'), `${request.name}(${request.args.join(', ')}) asked for W+X`);
    }
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeHeap, TRAP_PATTERNS, supportedPolicies } from '../../src/memory/index.ts';
import { nativePlatform } from '../../src/native/index.ts';
import { isJitkitError } from '../../src/errors.ts';
import { cannotRunCode } from '../support/host.ts';

const skip = cannotRunCode;
const trap = () => TRAP_PATTERNS[process.arch as 'x64' | 'arm64'];

/** The bytes at `address`, read through a fresh view (for memory no CodeBlock owns any more). */
function peek(address: bigint, length: number): number[] {
  return [...nativePlatform().view(address, length)];
}

function trapBytes(length: number, start = 0): number[] {
  const pattern = trap();
  return Array.from({ length }, (_, index) => pattern[(start + index) % pattern.length]!);
}

for (const policy of ['wx', 'dual', 'rwx'] as const) {
  test(`${policy}: fresh blocks hold traps, writes land, freed blocks are trap-filled`, { skip }, () => {
    const heap = new CodeHeap({ policy });
    try {
      const first = heap.allocate(32);
      const second = heap.allocate(32);
      assert.deepEqual([...first.read()], trapBytes(32));
      const code = Uint8Array.from({ length: 32 }, (_, index) => index + 1);
      first.write(0, code);
      second.write(0, code);
      assert.deepEqual([...first.read()], [...code]);
      first.free();
      // The chunk is still mapped (second is live), so the freed range can be inspected: all traps.
      assert.deepEqual(peek(first.address, 32), trapBytes(32));
      assert.deepEqual([...second.read()], [...code], 'freeing a neighbour leaves live code intact');
      assert.equal(heap.stats().blocks, 1);
    } finally {
      heap.dispose();
    }
  });
}

test('small blocks share pages at 16-byte granularity and empty mappings go back to the OS', { skip }, () => {
  const heap = new CodeHeap({ policy: 'auto' });
  try {
    const blocks = Array.from({ length: 100 }, () => heap.allocate(16));
    const addresses = blocks.map((block) => block.address);
    for (let index = 1; index < addresses.length; index++) assert.equal(addresses[index]! - addresses[index - 1]!, 16n);
    assert.equal(heap.stats().chunks, 1);
    for (const block of blocks) block.free();
    assert.deepEqual(heap.stats(), { ...heap.stats(), chunks: 0, bytesMapped: 0, blocks: 0 });
  } finally {
    heap.dispose();
  }
});

test('allocations larger than a chunk get a mapping of their own, rounded to pages', { skip }, () => {
  const heap = new CodeHeap({ chunkSize: 4096 });
  try {
    const block = heap.allocate(50_000);
    assert.equal(heap.stats().bytesMapped % heap.pageSize, 0);
    assert.ok(heap.stats().bytesMapped >= 50_000);
    block.free();
  } finally {
    heap.dispose();
  }
});

test('bad sizes, ranges and use after free are JitkitErrors', { skip }, () => {
  const heap = new CodeHeap({ limit: 1 << 20 });
  try {
    assert.throws(() => heap.allocate(0), (error) => isJitkitError(error, 'E_SIZE') && /at least 1/.test(error.message));
    assert.throws(() => heap.allocate(1.5), (error) => isJitkitError(error, 'E_SIZE'));
    assert.throws(() => heap.allocate(2 << 20), (error) => isJitkitError(error, 'E_SIZE') && /limit/.test(error.message));
    assert.throws(() => heap.load(new Uint8Array(0)), (error) => isJitkitError(error, 'E_SIZE'));
    const block = heap.allocate(8);
    assert.throws(() => block.write(4, new Uint8Array(8)), (error) => isJitkitError(error, 'E_PATCH_RANGE') && /outside this 8-byte/.test(error.message));
    assert.throws(() => block.write(-1, new Uint8Array(1)), (error) => isJitkitError(error, 'E_PATCH_RANGE'));
    block.free();
    assert.throws(() => block.write(0, new Uint8Array(1)), (error) => isJitkitError(error, 'E_DISPOSED'));
    assert.throws(() => block.free(), (error) => isJitkitError(error, 'E_DISPOSED'));
  } finally {
    heap.dispose();
  }
  assert.throws(() => heap.allocate(8), (error) => isJitkitError(error, 'E_DISPOSED'));
});

test('writeAtomic needs 4 or 8 bytes at a naturally aligned address', { skip }, () => {
  const heap = new CodeHeap();
  try {
    const block = heap.allocate(32, 16);
    block.writeAtomic(8, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    block.writeAtomic(4, Uint8Array.of(9, 9, 9, 9));
    assert.deepEqual([...block.read(4, 12)], [9, 9, 9, 9, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.throws(() => block.writeAtomic(2, new Uint8Array(4)), (error) => isJitkitError(error, 'E_PATCH_RANGE') && /multiple of 4/.test(error.message));
    assert.throws(() => block.writeAtomic(0, new Uint8Array(3)), (error) => isJitkitError(error, 'E_PATCH_RANGE'));
  } finally {
    heap.dispose();
  }
});

test('policies: unknown names and wx shared with threads are refused, auto never picks rwx', { skip }, () => {
  assert.throws(() => new CodeHeap({ policy: 'yolo' as never }), (error) => isJitkitError(error, 'E_POLICY_DENIED') && /auto, wx, dual, rwx/.test(error.message));
  assert.throws(() => new CodeHeap({ policy: 'wx', sharedWithThreads: true }), (error) => isJitkitError(error, 'E_POLICY_DENIED') && /use 'dual'/.test(error.message));
  const heap = new CodeHeap({ policy: 'auto' });
  const support = supportedPolicies(nativePlatform());
  assert.equal(heap.policy, support.dual && nativePlatform().aliasWritesReachExecution ? 'dual' : 'wx');
  heap.dispose();
});

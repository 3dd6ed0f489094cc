// Breakpoints: int3 + a generated SIGTRAP handler (chained), hit counts and registers, out-of-line resume,
// exact restore, bad input leaving the code intact. The chaining test runs first: the handler captures
// the previous SIGTRAP action when the first breakpoint installs it, once per process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { addressOf, compile } from '../../src/call/index.ts';
import { CodeHeap, SIGTRAP, installSignalHandler, raiseSignal, signalAction } from '../../src/memory/index.ts';
import { breakpoint } from '../../src/patch/breakpoint.ts';
import { isJitkitError } from '../../src/errors.ts';
import { llvmAssemble, llvmMissing } from '../support/llvm-assemble.ts';

const x64 = (source: string): Uint8Array => llvmAssemble(source, 'x64');
const skip = process.arch !== 'x64' ? 'breakpoints are x86-64 only (arm64 would need an arm64 relocator)' : process.platform !== 'linux' ? 'Linux signals' : llvmMissing;

test('a SIGTRAP that is not a breakpoint goes to the handler installed before jitkit', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  // The earlier handler: counts its calls in a shared word (void handler(int, siginfo_t *, void *)).
  const counter = new BigInt64Array(new SharedArrayBuffer(8));
  const earlier = compile(x64(`movabs rax, 0x${addressOf(counter).toString(16)}; lock inc qword ptr [rax]; ret`), 'void ()', { heap });
  const original = installSignalHandler(SIGTRAP, earlier.address);
  try {
    const fn = compile(x64('mov rax, rdi; ret'), 'int64 (int64)', { heap });
    const bp = breakpoint(fn, 0);
    assert.notEqual(signalAction(SIGTRAP).handler, earlier.address, 'jitkit installed its own handler');
    assert.equal(fn(9n), 9n);
    assert.equal(bp.hits, 1n);
    assert.equal(Atomics.load(counter, 0), 0n, 'our trap did not reach the earlier handler');
    raiseSignal(SIGTRAP);
    assert.equal(Atomics.load(counter, 0), 1n, 'a foreign SIGTRAP was chained to the earlier handler');
    assert.equal(bp.hits, 1n);
    bp.remove();
    bp.release();
  } finally {
    // `original` is what the process had before the test's handler; jitkit's stays installed (by design)
    // and keeps chaining to `earlier`, whose code must therefore stay mapped: the heap is not disposed.
    void original;
  }
});

test('counts hits, records registers, runs a rip-relative instruction out of line, restores exact bytes', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    // int64 f(int64 a, int64 b) = (address of table) - a + b, through a rip-relative lea.
    const code = x64('lea rax, [rip + table]; sub rax, rdi; add rax, rsi; ret; .p2align 3; table: .quad 0');
    const fn = compile(code, 'int64 (int64, int64)', { heap });
    const table = fn.address + 16n;
    const before = fn.block.read();
    const first = breakpoint(fn, 0);
    const second = breakpoint(fn, 7); // sub rax, rdi
    assert.equal(first.displaced.startsWith('lea rax'), true, first.displaced);
    assert.equal(fn.block.read(0, 1)[0], 0xcc);
    assert.equal(fn.block.read(7, 1)[0], 0xcc);
    assert.equal(first.registers, null);
    for (let i = 1n; i <= 5n; i++) assert.equal(fn(i, 100n * i), table - i + 100n * i);
    assert.equal(first.hits, 5n);
    assert.equal(second.hits, 5n);
    assert.equal(first.registers!.rdi, 5n);
    assert.equal(first.registers!.rsi, 500n);
    assert.equal(first.registers!.rip, fn.address);
    assert.equal(second.registers!.rax, table, 'the relocated lea computed the original rip-relative address');
    assert.equal(second.registers!.rip, fn.address + 7n);
    first.remove();
    second.remove();
    assert.deepEqual(fn.block.read(), before);
    assert.equal(fn(1n, 2n), table + 1n);
    assert.equal(first.hits, 5n, 'no hits after removal');
    assert.throws(() => first.remove(), (error) => isJitkitError(error, 'E_DISPOSED') && /already removed/.test(error.message));
    first.release();
    second.release();
  } finally {
    heap.dispose();
  }
});

test('bad input: mid-instruction offsets, a second breakpoint on a site, an unrelocatable instruction — code left intact', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    const fn = compile(x64('mov eax, 42; ret'), 'int32 ()', { heap });
    const before = fn.block.read();
    assert.throws(() => breakpoint(fn, 2), (error) => isJitkitError(error, 'E_PATCH_BOUNDARY'));
    assert.deepEqual(fn.block.read(), before);
    const bp = breakpoint(fn, 0);
    assert.throws(() => breakpoint(fn, 0), (error) => isJitkitError(error, 'E_UNRELOCATABLE') || isJitkitError(error, 'E_PATCH_RANGE'));
    assert.throws(() => bp.release(), (error) => isJitkitError(error, 'E_PATCH_RANGE'));
    bp.remove();
    bp.release();
    assert.deepEqual(fn.block.read(), before);
    // Rip-relative loads whose targets are ~2 GiB before and after them: from an out-of-line copy placed
    // anywhere else, at least one of the two targets is out of rel32 reach.
    const far = compile(x64('mov rax, qword ptr [rip + 0x7ffffff8]; mov rax, qword ptr [rip - 0x7ffffff8]; ret'), 'int64 ()', { heap });
    const farBefore = far.block.read();
    const refused = [0, 7].filter((offset) => {
      try {
        const set = breakpoint(far, offset);
        set.remove();
        set.release();
        return false;
      } catch (error) {
        assert.ok(isJitkitError(error, 'E_UNRELOCATABLE'), String(error));
        assert.match((error as Error).message, /mov rax,\[/);
        return true;
      }
    });
    assert.ok(refused.length >= 1, 'one of the far rip-relative loads cannot be relocated');
    assert.deepEqual(far.block.read(), farBefore);
  } finally {
    heap.dispose();
  }
});

test('hits from two worker threads on a shared heap are all counted and every result is right', { skip: skip || (process.env.JITKIT_EMULATOR !== undefined && 'threads under the emulator') }, async () => {
  const heap = new CodeHeap({ policy: 'dual', sharedWithThreads: true });
  try {
    const fn = compile(x64('lea rax, [rdi + 1]; ret'), 'int64 (int64)', { heap });
    const bp = breakpoint(fn, 0);
    const calls = 2000;
    const source = `
      const { workerData, parentPort } = require('node:worker_threads');
      import(workerData.koffi).then(({ default: koffi }) => {
        koffi.load('libc.so.6');
        const f = koffi.decode(workerData.entry, koffi.proto('int64_t bp_target(int64_t)'));
        let wrong = 0;
        for (let i = 0; i < workerData.calls; i++) if (Number(f(i)) !== i + 1) wrong++;
        parentPort.postMessage(wrong);
      });`;
    const workers = [0, 1].map(() => new Worker(source, { eval: true, workerData: { koffi: import.meta.resolve('koffi'), entry: fn.address, calls } }));
    const wrong = await Promise.all(workers.map((w) => new Promise<number>((resolve, reject) => { w.on('message', resolve); w.on('error', reject); })));
    for (const w of workers) await w.terminate();
    assert.deepEqual(wrong, [0, 0]);
    assert.equal(bp.hits, BigInt(2 * calls));
    bp.remove();
    bp.release();
  } finally {
    heap.dispose();
  }
});

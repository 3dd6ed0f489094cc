// Hot swap through a stable entry: JS and native callers, signature checks, the grace period.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tsWorker } from './ts-worker.ts';
import { compile } from '../../src/call/index.ts';
import { CodeHeap } from '../../src/memory/index.ts';
import { swappable } from '../../src/patch/swappable.ts';
import { llvmAssemble, llvmMissing as noLlvm } from '../support/llvm-assemble.ts';

const x64 = (source: string): Uint8Array => llvmAssemble(source, 'x64');

const targetOf = (fn: object): bigint => (fn as { target: bigint }).target;
const skip = process.arch !== 'x64' ? 'x86-64 code' : noLlvm;

for (const policy of ['wx', 'dual', 'rwx'] as const) {
  test(`${policy}: callers keep the entry; swap redirects JS and native callers`, { skip }, () => {
    const heap = new CodeHeap({ policy });
    try {
      const add = compile(x64('lea rax, [rdi + rsi]\nret'), 'int64 (int64, int64)', { heap });
      const mul = compile(x64('mov rax, rdi\nimul rax, rsi\nret'), 'int64 (int64, int64)', { heap });
      const fn = swappable('int64 (int64, int64)', add, { heap });
      // A native caller that holds the entry pointer in its code: mov rax, entry; jmp rax.
      const entry = fn.entry.toString(16);
      const caller = compile(x64(`movabs rax, 0x${entry}\njmp rax`), 'int64 (int64, int64)', { heap });
      assert.equal(fn(6n, 7n), 13n);
      assert.equal(caller(6n, 7n), 13n);
      const previous = fn.swap(mul);
      assert.equal(previous, add);
      assert.equal(fn.entry, fn.address);
      assert.equal(fn(6n, 7n), 42n);
      assert.equal(caller(6n, 7n), 42n);
      assert.equal(fn.generation, 1);
      fn.swap(add);
      assert.equal(fn(6n, 7n), 13n);
      fn.dispose();
      for (const f of [add, mul, caller]) f.dispose();
    } finally {
      heap.dispose();
    }
  });
}

test('a target beyond ±2 GiB switches the site to the indirect form and back', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  const far = new CodeHeap({ policy: 'dual' });
  try {
    const near = compile(x64('mov eax, 1\nret'), 'int32 ()', { heap });
    const fn = swappable('int32 ()', near, { heap });
    // A second heap is a separate mapping, usually near; either way the site must reach it (direct
    // rel32 when within ±2 GiB, `jmp [rip+2]` through the pointer otherwise; entry-site.test.ts covers
    // the far form on its own).
    const other = compile(x64('mov eax, 2\nret'), 'int32 ()', { heap: far });
    fn.swap(other);
    assert.equal(fn(), 2);
    const target = targetOf(fn);
    assert.equal(target, other.address);
    fn.swap(near);
    assert.equal(fn(), 1);
    fn.dispose();
    near.dispose();
    other.dispose();
  } finally {
    heap.dispose();
    far.dispose();
  }
});

test('swapping in a different signature is E_SIGNATURE_MISMATCH and changes nothing', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    const one = compile(x64('mov eax, 1\nret'), 'int32 ()', { heap });
    const wrong = compile(x64('mov eax, 2\nret'), 'double (double)', { heap });
    const fn = swappable('int32 ()', one, { heap });
    const before = targetOf(fn);
    assert.throws(() => fn.swap(wrong), { code: 'E_SIGNATURE_MISMATCH' });
    assert.throws(() => swappable('int64 ()', one, { heap }), { code: 'E_SIGNATURE_MISMATCH' });
    assert.equal(targetOf(fn), before);
    assert.equal(fn(), 1);
    assert.equal(fn.generation, 0);
    fn.dispose();
    assert.throws(() => fn.swap(one), { code: 'E_DISPOSED' });
  } finally {
    heap.dispose();
  }
});

test('grace period: a thread inside the old version finishes it after the swap; release frees it', { skip }, async () => {
  const heap = new CodeHeap({ policy: 'dual', sharedWithThreads: true });
  try {
    // v1 spins until *flag != 0, then returns 1. v2 returns 2 at once.
    const v1 = compile(x64('1: pause\nmov rax, qword ptr [rdi]\ntest rax, rax\njz 1b\nmov eax, 1\nret'), 'int64 (int64 *)', { heap });
    const v2 = compile(x64('mov eax, 2\nret'), 'int64 (int64 *)', { heap });
    const fn = swappable('int64 (int64 *)', v1, { heap, disposeRetired: true });
    const flag = new SharedArrayBuffer(8);
    const worker = tsWorker(new URL('./grace-worker.ts', import.meta.url), { workerData: { entry: fn.entry, flag } });
    let entered!: () => void;
    const started = new Promise<void>((resolve) => (entered = resolve));
    const done = new Promise<string>((resolve, reject) => {
      worker.on('message', (m: { entered?: boolean; result?: string }) => {
        if (m.entered === true) entered();
        if (m.result !== undefined) resolve(m.result);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`worker exited (${code}) before reporting`)));
    });
    await Promise.race([started, done]);
    await new Promise((r) => setTimeout(r, 50)); // the worker is now spinning inside v1
    const v1Bytes = v1.block.read();
    fn.swap(v2);
    assert.equal(fn(new BigInt64Array(1)), 2n, 'new callers run v2');
    assert.equal(fn.retired.length, 1);
    assert.deepEqual(v1.block.read(), v1Bytes, 'the retired version stays mapped and unchanged');
    Atomics.store(new BigInt64Array(flag), 0, 1n);
    assert.equal(await done, '1', 'the thread that was inside v1 completed v1');
    await worker.terminate();
    assert.equal(fn.releaseRetired(), 1);
    assert.equal(v1.isDisposed, true, 'released versions are disposed when disposeRetired is set');
    assert.equal(v2.isDisposed, false);
    fn.dispose();
    assert.equal(v2.isDisposed, true);
  } finally {
    heap.dispose();
  }
});

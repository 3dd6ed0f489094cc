// Execute-once: the first call runs the body, the code rewrites its own entry, later calls skip it.
// Runs natively on x86-64 and as arm64 code on the qemu-user lane (scripts/test-arm64.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import koffi from 'koffi';
import { compile } from '../../src/call/index.ts';
import { CodeHeap } from '../../src/memory/index.ts';
import { once } from '../../src/patch/once.ts';
import { A64_ONCE_STATE, a64OnceImage, a64OnceNewEntry, a64OnceSource } from '../../src/patch/a64-once.ts';
import { decodeX64 } from '../../src/patch/x64-decode.ts';
import { aliasWritesInvisible, cannotRunCode } from '../support/host.ts';
import { hostAssemble, llvmAssemble, llvmMissing } from '../support/llvm-assemble.ts';
import { tsWorker } from './ts-worker.ts';

const skip = cannotRunCode || llvmMissing;
const SPIN = process.env.JITKIT_EMULATOR === 'qemu-user' ? 2_000_000 : 20_000_000;

/**
 * A body that atomically counts its runs at `counter`, spins a while (so concurrent callers arrive while it
 * runs), and clobbers argument registers, to prove the block preserves the caller's arguments.
 */
function countingBody(counter: bigint, heap: CodeHeap) {
  const code = hostAssemble({
    x64: `movabs rax, 0x${counter.toString(16)}
      lock inc qword ptr [rax]
      mov ecx, ${SPIN}
      2: dec ecx
      jnz 2b
      xor edi, edi
      xor esi, esi
      xorps xmm0, xmm0
      ret`,
    arm64: `ldr x16, 1f
      3: ldaxr x17, [x16]
      add x17, x17, #1
      stlxr w15, x17, [x16]
      cbnz w15, 3b
      ldr x15, 4f
      2: subs x15, x15, #1
      b.ne 2b
      mov x0, #0
      mov x1, #0
      movi v0.2d, #0
      ret
      .p2align 3
      1: .quad 0x${counter.toString(16)}
      4: .quad ${SPIN}`,
  });
  return compile(code, 'void ()', { heap });
}

/** then(a, b, x) = a + b + trunc(x). */
function thenProgram(heap: CodeHeap) {
  return compile(
    hostAssemble({ x64: 'cvttsd2si rax, xmm0\nadd rax, rdi\nadd rax, rsi\nret', arm64: 'fcvtzs x2, d0\nadd x0, x0, x1\nadd x0, x0, x2\nret' }),
    'int64 (int64, int64, double)',
    { heap },
  );
}

/** Where the entry of `fn` jumps now, decoded from memory. */
function entryTarget(fn: { address: bigint; block: { read(offset: number, length: number): Uint8Array } }): bigint {
  const bytes = fn.block.read(0, 8);
  if (process.arch === 'x64') return fn.address + BigInt(decodeX64(bytes, fn.address)[0]!.branchTarget!);
  const word = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  assert.equal(word >>> 26, 0b000101, `the entry is an A64 'b' (0x${word.toString(16)})`);
  return fn.address + BigInt(((word & 0x3ffffff) << 6) >> 4);
}

for (const policy of ['dual', 'rwx'] as const) {
  test(`${policy}: body runs once, arguments (int and double) reach 'then', the entry is rewritten`, { skip }, () => {
    const heap = new CodeHeap({ policy });
    try {
      const counter = new BigInt64Array(new SharedArrayBuffer(8));
      const body = countingBody(koffi.address(counter) as bigint, heap);
      const then = thenProgram(heap);
      const fn = once('int64 (int64, int64, double)', body, then, { heap });
      const entryBefore = entryTarget(fn);
      assert.notEqual(entryBefore, then.address, 'the entry first leads to the first-call path');
      assert.equal(fn.fired, false);
      assert.equal(fn(1n, 2n, 3.5), 6n);
      assert.equal(counter[0], 1n);
      assert.equal(fn.fired, true);
      // On arm64 `then` is within ±128 MiB (same heap), so the new entry is a direct `b then`.
      assert.equal(entryTarget(fn), then.address, 'the entry now jumps straight to then');
      for (let i = 0; i < 5; i++) assert.equal(fn(10n, 20n, 0.5), 30n);
      assert.equal(counter[0], 1n, 'the body never ran again');
      fn.dispose();
      body.dispose();
      then.dispose();
    } finally {
      heap.dispose();
    }
  });

  // The test above would pass even if only the state word skipped the body. Here the state is reset to
  // "never run" after the rewrite: only the rewritten entry (executed, not just stored) keeps the body away.
  test(`${policy}: the rewritten entry itself is what later calls execute`, { skip: skip || (policy === 'dual' && aliasWritesInvisible) }, () => {
    const heap = new CodeHeap({ policy });
    try {
      const counter = new BigInt64Array(new SharedArrayBuffer(8));
      const body = countingBody(koffi.address(counter) as bigint, heap);
      const then = thenProgram(heap);
      const fn = once('int64 (int64, int64, double)', body, then, { heap });
      assert.equal(fn(1n, 2n, 3.5), 6n);
      fn.block.write(A64_ONCE_STATE, new Uint8Array(4));
      assert.equal(fn.fired, false);
      assert.equal(fn(4n, 5n, 6.5), 15n);
      assert.equal(counter[0], 1n, 'the first-call path was not entered again');
      fn.dispose();
      body.dispose();
      then.dispose();
    } finally {
      heap.dispose();
    }
  });
}

test('dual, shared with threads: 3 threads make the first call at once; the body runs once, everyone gets the result', { skip, timeout: 120_000 }, async () => {
  const heap = new CodeHeap({ policy: 'dual', sharedWithThreads: true });
  const counter = new BigInt64Array(new SharedArrayBuffer(8));
  const body = countingBody(koffi.address(counter) as bigint, heap);
  const then = thenProgram(heap);
  const fn = once('int64 (int64, int64, double)', body, then, { heap });
  const control = new Int32Array(new SharedArrayBuffer(8));
  const workers = Array.from({ length: 3 }, (_, index) =>
    tsWorker(new URL('./once-worker.ts', import.meta.url), { workerData: { address: fn.address, control: control.buffer, index } }));
  try {
    const reports = workers.map(
      (worker) =>
        new Promise<{ results: string[] }>((resolve, reject) => {
          worker.on('message', resolve);
          worker.on('error', reject);
          worker.on('exit', (code) => reject(new Error(`worker exited with ${code} before reporting`)));
        }),
    );
    while (Atomics.load(control, 1) < workers.length) await new Promise((resolve) => setTimeout(resolve, 5));
    Atomics.store(control, 0, 1);
    Atomics.notify(control, 0);
    const results = await Promise.all(reports);
    results.forEach((report, index) => assert.deepEqual(report.results, Array(10).fill(String(index * 10 + 1 + 2 + 3)), `worker ${index}`));
    assert.equal(counter[0], 1n, 'exactly one thread ran the body');
    assert.equal(fn.fired, true);
  } finally {
    for (const worker of workers) await worker.terminate();
    heap.dispose();
  }
});

test("wx is refused with E_POLICY_DENIED naming what would work", { skip }, () => {
  const heap = new CodeHeap({ policy: 'wx' });
  try {
    const f = compile(hostAssemble({ x64: 'ret', arm64: 'ret' }), 'void ()', { heap });
    assert.throws(() => once('void ()', f, f, { heap }), (error: Error & { code?: string }) => error.code === 'E_POLICY_DENIED' && /dual/.test(error.message));
    assert.equal(heap.stats().blocks, 1, 'nothing was allocated for the refused block');
  } finally {
    heap.dispose();
  }
});

test("a 'then' with another signature is E_SIGNATURE_MISMATCH", { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    const f = compile(hostAssemble({ x64: 'ret', arm64: 'ret' }), 'void ()', { heap });
    assert.throws(() => once('int32 ()', f, f, { heap }), { code: 'E_SIGNATURE_MISMATCH' });
    assert.equal(heap.stats().blocks, 1, 'nothing was allocated for the refused block');
  } finally {
    heap.dispose();
  }
});

// The A64 block's bytes, on any host: jitkit's assembler and llvm-mc agree on the same text, for a `then`
// within reach of a direct `b` and one beyond ±128 MiB (reached through the block's `ldr x16; br x16`).
test('the A64 execute-once block assembles to the bytes llvm-mc gives for the same text', { skip: llvmMissing }, () => {
  const address = 0x7f12_3456_7000n;
  for (const then of [address + 0x4000n, address - 0x100_0000n, address + 0x1_0000_0000n]) {
    const parameters = { address, writableAddress: 0x2000_1234_5000n, body: 0x7f00_0000_1230n, then };
    const ours = a64OnceImage(parameters);
    assert.deepEqual([...ours], [...llvmAssemble(a64OnceSource(parameters), 'arm64')]);
    const newEntry = a64OnceNewEntry(address, then);
    const near = then - address < 1n << 27n && address - then <= 1n << 27n;
    assert.equal(newEntry, near ? (0x14000000 | Number(((then - address) >> 2n) & 0x3ffffffn)) >>> 0 : 0x14000001, near ? 'b then' : 'b far (+4)');
    const pool = new DataView(ours.buffer, ours.byteOffset, ours.byteLength);
    assert.equal(pool.getUint32(ours.length - 4, true), newEntry, 'the new entry word is the last literal');
    assert.equal(pool.getBigUint64(24, true), then);
  }
});

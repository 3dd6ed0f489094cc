// Execute-once: the first call runs the body, the code rewrites its own entry, later calls skip it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import koffi from 'koffi';
import { compile } from '../../src/call/index.ts';
import { CodeHeap } from '../../src/memory/index.ts';
import { once } from '../../src/patch/once.ts';
import { decodeX64 } from '../../src/patch/x64-decode.ts';
import { llvmAssemble, llvmMissing as noLlvm } from '../support/llvm-assemble.ts';

const x64 = (source: string): Uint8Array => llvmAssemble(source, 'x64');

const skip = process.arch !== 'x64' ? 'x86-64 code' : noLlvm;

for (const policy of ['dual', 'rwx'] as const) {
  test(`${policy}: body runs once, arguments (int and double) reach 'then', the entry is rewritten`, { skip }, () => {
    const heap = new CodeHeap({ policy });
    try {
      const counter = new BigInt64Array(new SharedArrayBuffer(8));
      const address = koffi.address(counter) as bigint;
      // The body clobbers every caller-saved register it may, to prove the stub preserves arguments.
      const body = compile(x64(`movabs rax, 0x${address.toString(16)}\nlock inc qword ptr [rax]\nxor edi, edi\nxor esi, esi\nxorps xmm0, xmm0\nret`), 'void ()', { heap });
      const then = compile(x64('cvttsd2si rax, xmm0\nadd rax, rdi\nadd rax, rsi\nret'), 'int64 (int64, int64, double)', { heap });
      const fn = once('int64 (int64, int64, double)', body, then, { heap });
      const entryBefore = fn.block.read(0, 8);
      assert.equal(fn.fired, false);
      assert.equal(fn(1n, 2n, 3.5), 6n);
      assert.equal(counter[0], 1n);
      assert.equal(fn.fired, true);
      const entryAfter = decodeX64(fn.block.read(0, 8), fn.address)[0]!;
      assert.notDeepEqual(fn.block.read(0, 8), entryBefore);
      assert.equal(fn.address + BigInt(entryAfter.branchTarget!), then.address, 'the entry now jumps straight to then');
      for (let i = 0; i < 5; i++) assert.equal(fn(10n, 20n, 0.5), 30n);
      assert.equal(counter[0], 1n, 'the body never ran again');
      fn.dispose();
      body.dispose();
      then.dispose();
    } finally {
      heap.dispose();
    }
  });
}

test("wx is refused with E_POLICY_DENIED naming what would work", { skip }, () => {
  const heap = new CodeHeap({ policy: 'wx' });
  try {
    const f = compile(x64('ret'), 'void ()', { heap });
    assert.throws(() => once('void ()', f, f, { heap }), (error: Error & { code?: string }) => error.code === 'E_POLICY_DENIED' && /dual/.test(error.message));
    assert.equal(heap.stats().blocks, 1, 'nothing was allocated for the refused block');
  } finally {
    heap.dispose();
  }
});

test("a 'then' with another signature is E_SIGNATURE_MISMATCH", { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    const f = compile(x64('ret'), 'void ()', { heap });
    assert.throws(() => once('int32 ()', f, f, { heap }), { code: 'E_SIGNATURE_MISMATCH' });
  } finally {
    heap.dispose();
  }
});

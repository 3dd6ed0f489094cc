// The AArch64 paths of live patching, run as arm64 code (natively, or on the qemu-user lane:
// scripts/test-arm64.sh test/patch/arm64-runtime.test.ts). Programs come from llvm-mc, not from jitkit.
// Probes and breakpoints: test/patch/probe.test.ts, test/patch/breakpoint.test.ts, test/arm64/run-patch.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/call/index.ts';
import { CodeHeap } from '../../src/memory/index.ts';
import { bindAs, compileWithSlots, swappable } from '../../src/patch/index.ts';
import { isJitkitError } from '../../src/errors.ts';
import { aliasWritesInvisible, cannotRunCode } from '../support/host.ts';
import { llvmAssemble, llvmMissing } from '../support/llvm-assemble.ts';

const a64 = (source: string): Uint8Array => llvmAssemble(source, 'arm64');
const skip = cannotRunCode || (process.arch !== 'arm64' && 'arm64 code (run on the arm64 lane: scripts/test-arm64.sh)') || llvmMissing;

for (const policy of ['wx', 'dual'] as const) {
  test(`${policy}: the literal entry (ldr x16; br x16) swaps by storing its 8-byte literal`, { skip }, () => {
    const heap = new CodeHeap({ policy });
    try {
      const one = compile(a64('mov w0, #1; ret'), 'int32 ()', { heap });
      const two = compile(a64('mov w0, #2; ret'), 'int32 ()', { heap });
      const entry = swappable('int32 ()', one, { heap });
      const site = entry.block.read();
      assert.deepEqual([...site.subarray(0, 8)], [...a64('ldr x16, #8; br x16')]);
      assert.equal(entry(), 1);
      entry.swap(two);
      // Only the literal changed: the instructions are the same words (Arm ARM B2.2.5 does not apply).
      assert.deepEqual([...entry.block.read(0, 8)], [...site.subarray(0, 8)]);
      assert.equal(new DataView(entry.block.read(8, 8).buffer).getBigUint64(0, true), two.address);
      assert.equal(entry(), 2);
      entry.swap(one);
      assert.equal(entry(), 1);
      entry.dispose();
    } finally {
      heap.dispose();
    }
  });

  test(`${policy}: a literal-pool slot is one 8-byte data store`, { skip }, () => {
    const heap = new CodeHeap({ policy });
    try {
      const fn = compileWithSlots(a64('ldr x0, 1f; ret; .p2align 3; 1: .quad 42'), 'int64 ()', { answer: { at: 0 } }, { heap });
      assert.equal(fn.slotFields['answer']!.kind, 'literal');
      assert.equal(fn(), 42n);
      fn.slots['answer'] = 0x1122334455667788n;
      assert.equal(fn(), 0x1122334455667788n);
      assert.equal(fn.slots['answer'], 0x1122334455667788n);
      fn.dispose();
    } finally {
      heap.dispose();
    }
  });

  test(`${policy}: a movz/movk slot rewrites the instruction words`, { skip: skip || (policy === 'dual' && aliasWritesInvisible) }, () => {
    const heap = new CodeHeap({ policy });
    try {
      const fn = compileWithSlots(a64('movz x0, #0x1234; movk x0, #0x5678, lsl #16; ret'), 'int64 ()', { answer: { at: 0 } }, { heap });
      assert.equal(fn(), 0x56781234n);
      fn.slots['answer'] = 0xabcd0042;
      assert.equal(fn(), 0xabcd0042n);
      assert.deepEqual([...fn.block.read(0, 12)], [...a64('movz x0, #0x42; movk x0, #0xabcd, lsl #16; ret')]);
      assert.throws(() => (fn.slots['answer'] = 0x1_0000_0000), (error) => isJitkitError(error, 'E_PATCH_RANGE'));
      fn.dispose();
    } finally {
      heap.dispose();
    }
  });

  test(`${policy}: bind shifts x0.. up and passes the context in x0`, { skip }, () => {
    const heap = new CodeHeap({ policy });
    try {
      const target = compile(a64('sub x0, x1, x0; add x0, x0, x2; ret'), 'int64 (int64, int64, int64)', { heap });
      const bound = bindAs('int64 (int64, int64)', target, 1000n, { heap });
      assert.equal(bound(5000n, 7n), 5000n - 1000n + 7n);
      bound.dispose();
      target.dispose();
    } finally {
      heap.dispose();
    }
  });
}

test('a movz/movk slot on a heap shared with threads is refused (B2.2.5), words intact', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual', sharedWithThreads: true });
  try {
    const fn = compileWithSlots(a64('movz x0, #1; movk x0, #2, lsl #16; ret'), 'int64 ()', { answer: { at: 0 } }, { heap });
    const before = fn.block.read();
    assert.throws(() => (fn.slots['answer'] = 5), (error) => isJitkitError(error, 'E_UNSUPPORTED') && /literal/.test(error.message));
    assert.deepEqual(fn.block.read(), before);
  } finally {
    heap.dispose();
  }
});

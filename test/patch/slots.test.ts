// Slots on x86-64: named immediates/displacements located by decoding, rewritten in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeHeap } from '../../src/memory/index.ts';
import { compileWithSlots } from '../../src/patch/slots.ts';
import { decodeX64 } from '../../src/patch/x64-decode.ts';
import { llvmAssemble, llvmMissing as noLlvm } from '../support/llvm-assemble.ts';

const x64 = (source: string): Uint8Array => llvmAssemble(source, 'x64');

const skip = process.arch !== 'x64' ? 'x86-64 code' : noLlvm;

/** Offset of the n-th instruction of `code` (a label bound before it, as the assembler would report). */
function offsetOf(code: Uint8Array, index: number): number {
  return decodeX64(code)[index]!.offset;
}

for (const policy of ['wx', 'dual', 'rwx'] as const) {
  test(`${policy}: 8/32/64-bit immediates and a displacement rewritten in place`, { skip }, () => {
    const heap = new CodeHeap({ policy });
    try {
      // int64 f(int64 *p): p[1] + 64-bit constant + 32-bit constant + 8-bit constant
      const code = x64(`
        mov rax, qword ptr [rdi + 8]
        movabs rcx, 0x100000000
        add rax, rcx
        add rax, 100000
        add rax, 3
        ret`);
      const fn = compileWithSlots(code, 'int64 (int64 *)', {
        index: { at: offsetOf(code, 0), field: 'displacement' },
        big: { at: offsetOf(code, 1) },
        mid: { at: offsetOf(code, 3), signed: true },
        small: { at: offsetOf(code, 4), signed: true },
      }, { heap });
      const data = new BigInt64Array([10n, 20n, 30n]);
      assert.equal(fn(data), 20n + 0x100000000n + 100000n + 3n);
      assert.deepEqual([fn.slots.index, fn.slots.big, fn.slots.mid, fn.slots.small], [8, 0x100000000n, 100000, 3]);
      assert.deepEqual(
        Object.values(fn.slotFields).map((f) => f.size),
        [1, 8, 4, 1],
      );
      fn.slots.index = 16;
      fn.slots.big = -5n;
      fn.slots.mid = -100000;
      fn.slots.small = -3;
      assert.equal(fn(data), 30n - 5n - 100000n - 3n);
      assert.equal(fn.slots.mid, -100000);
      fn.dispose();
    } finally {
      heap.dispose();
    }
  });
}

test('out-of-range values are E_PATCH_RANGE and leave the bytes intact', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    const code = x64('mov eax, 42\nadd eax, 1\nret');
    const fn = compileWithSlots(code, 'int32 ()', { answer: { at: 0 }, step: { at: 5, signed: true } }, { heap });
    const before = fn.block.read();
    assert.throws(() => (fn.slots.answer = 2 ** 32), { code: 'E_PATCH_RANGE' });
    assert.throws(() => (fn.slots.answer = -(2 ** 31) - 1), { code: 'E_PATCH_RANGE' });
    assert.throws(() => (fn.slots.step = 128), { code: 'E_PATCH_RANGE' }); // imm8 signed: -128..127
    assert.throws(() => (fn.slots.answer = 1.5), { code: 'E_PATCH_RANGE' });
    assert.throws(() => (fn.slots.nosuch = 1), { code: 'E_PATCH_RANGE' });
    assert.deepEqual(fn.block.read(), before);
    assert.equal(fn(), 43);
    fn.slots.answer = 1337;
    fn.slots.step = -128;
    assert.equal(fn(), 1337 - 128);
    fn.slots.answer = 0xffffffff; // unsigned spelling of -1 accepted by the default range
    assert.equal(fn(), -1 - 128);
    fn.dispose();
  } finally {
    heap.dispose();
  }
});

test('a slot position inside an instruction is E_PATCH_BOUNDARY; one without the field is E_OPERANDS', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    const code = x64('mov eax, 42\nret');
    assert.throws(() => compileWithSlots(code, 'int32 ()', { bad: { at: 2 } }, { heap }), { code: 'E_PATCH_BOUNDARY' });
    assert.throws(() => compileWithSlots(code, 'int32 ()', { bad: { at: 5 } }, { heap }), { code: 'E_OPERANDS' });
    assert.throws(() => compileWithSlots(code, 'int32 ()', { bad: { at: 0, field: 'displacement' } }, { heap }), { code: 'E_OPERANDS' });
    assert.equal(heap.stats().blocks, 0, 'a refused slot table frees the function it compiled');
  } finally {
    heap.dispose();
  }
});

test('on a heap shared with threads, a field straddling an 8-byte word is refused, bytes intact', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual', sharedWithThreads: true });
  try {
    // nop×5 puts the imm32 of `mov eax` at +6..+9, across the word boundary at +8.
    const code = x64('nop\nnop\nnop\nnop\nnop\nmov eax, 42\nret');
    const fn = compileWithSlots(code, 'int32 ()', { answer: { at: 5 } }, { heap });
    const before = fn.block.read();
    assert.throws(() => (fn.slots.answer = 7), { code: 'E_UNSUPPORTED' });
    assert.deepEqual(fn.block.read(), before);
    assert.equal(fn(), 42);
    fn.dispose();
    // Aligned: imm32 at +1..+4 sits in word 0, so the write is one atomic store.
    const aligned = compileWithSlots(x64('mov eax, 42\nret'), 'int32 ()', { answer: { at: 0 } }, { heap });
    aligned.slots.answer = 7;
    assert.equal(aligned(), 7);
    aligned.dispose();
  } finally {
    heap.dispose();
  }
});

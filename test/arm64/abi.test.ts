import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arm64Assembler } from '../../src/arm64/assembler.ts';
import { calleeSavedFloatRegisters, calleeSavedRegisters, emitEpilogue, emitPrologue, frameLayout, integerArgumentRegisters, isCalleeSaved } from '../../src/arm64/abi.ts';
import { d8, d9, x0, x19, x20, x21, x9 } from '../../src/arm64/registers.ts';
import { hex, llvmEncode } from './llvm-oracle.ts';

test('AAPCS64 register sets', () => {
  assert.deepEqual(integerArgumentRegisters.map(String), ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']);
  assert.deepEqual(calleeSavedRegisters.map(String), ['x19', 'x20', 'x21', 'x22', 'x23', 'x24', 'x25', 'x26', 'x27', 'x28']);
  assert.deepEqual(calleeSavedFloatRegisters.map(String), ['d8', 'd9', 'd10', 'd11', 'd12', 'd13', 'd14', 'd15']);
  assert.ok(isCalleeSaved(x19) && isCalleeSaved(d8) && !isCalleeSaved(x9) && !isCalleeSaved(x0));
});

test('prologue and epilogue keep sp 16-byte aligned and match the hand-written sequence in llvm-mc', () => {
  const a = new Arm64Assembler();
  const layout = emitPrologue(a, { saveRegisters: [x19, x20, x21], saveFloatRegisters: [d8, d9], localBytes: 20 });
  emitEpilogue(a, layout);
  assert.equal(layout.size % 16, 0);
  assert.deepEqual(layout, frameLayout({ saveRegisters: [x19, x20, x21], saveFloatRegisters: [d8, d9], localBytes: 20 }));
  // locals 32 bytes at 0; x19,x20 at 32; x21 at 48; d8,d9 at 56; record at 80; size 96.
  const expected = [
    'stp x29, x30, [sp, #-16]!', 'mov x29, sp', 'sub sp, sp, #80',
    'stp x19, x20, [sp, #32]', 'str x21, [sp, #48]', 'stp d8, d9, [sp, #56]',
    'ldp x19, x20, [sp, #32]', 'ldr x21, [sp, #48]', 'ldp d8, d9, [sp, #56]',
    'add sp, sp, #80', 'ldp x29, x30, [sp], #16', 'ret',
  ];
  const oracle = llvmEncode(expected);
  assert.equal(hex(a.finalize()), oracle.map((r) => ('bytes' in r ? hex(r.bytes) : r.error)).join(' '));
  assert.equal(layout.recordOffset, 80);
});

test('prologue refuses registers that are not callee-saved', () => {
  assert.throws(() => frameLayout({ saveRegisters: [x9] }), /not callee-saved/);
});

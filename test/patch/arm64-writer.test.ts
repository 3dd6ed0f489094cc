// The A64 words of the patch stubs, compared with llvm-mc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Arm64Writer, X0, X1, X7, X16, decodeMovWide } from '../../src/patch/arm64-writer.ts';
import { llvmAssemble, llvmMissing as noLlvm } from '../support/llvm-assemble.ts';
import { formatHex as hex } from '../../src/asm/hex.ts';

const a64 = (source: string): Uint8Array => llvmAssemble(source, 'arm64');

test('A64 stub words match llvm-mc', { skip: noLlvm }, () => {
  const w = new Arm64Writer();
  w.branch(8).branch(-4).br(X16).blr(X1).ret().nop().brk(0x1234).movRegister(X1, X0).movRegister(X7, 6);
  w.movWide('movz', 'x', X0, 0xbeef, 16).movWide('movk', 'x', X0, 0x1234, 48).movWide('movz', 'w', X1, 42, 0).movWide('movk', 'w', X1, 7, 16);
  w.movImm64(X16, 0x1122334455667788n);
  w.ldrLiteral(X16, 0xdeadbeefcafef00dn); // 18 words: the pool starts aligned, right after
  assert.equal(w.literalOffset(0), 72);
  const expected = a64(`
    b 1f
  0: b 0b - 4
    br x16
    blr x1
  1: ret
    nop
    brk #0x1234
    mov x1, x0
    mov x7, x6
    movz x0, #0xbeef, lsl #16
    movk x0, #0x1234, lsl #48
    movz w1, #42
    movk w1, #7, lsl #16
    movz x16, #0x7788
    movk x16, #0x5566, lsl #16
    movk x16, #0x3344, lsl #32
    movk x16, #0x1122, lsl #48
    ldr x16, 2f
  2: .quad 0xdeadbeefcafef00d`);
  // The two leading branches: 'b 1f' is +16 (the writer was asked for +8, so compare the rest exactly and
  // those two by decoding).
  const ours = w.finish();
  assert.equal(ours.length, expected.length);
  assert.equal(hex(ours.subarray(8)), hex(expected.subarray(8)));
  const view = new DataView(ours.buffer);
  assert.equal(view.getUint32(0, true), 0x14000002);
  assert.equal(view.getUint32(4, true), 0x17ffffff);
});

test('b offsets match llvm-mc both ways', { skip: noLlvm }, () => {
  const expected = a64('b 1f\nnop\nnop\n1: b 1b');
  const w = new Arm64Writer().branch(12).nop().nop().branch(0);
  assert.equal(hex(w.finish()), hex(expected));
});

test('movz/movk words decode back to their fields', () => {
  const w = new Arm64Writer().movWide('movk', 'x', 3, 0xabcd, 32).finish();
  const word = new DataView(w.buffer).getUint32(0, true);
  assert.deepEqual(decodeMovWide(word), { kind: 'movk', width: 'x', register: 3, imm16: 0xabcd, shift: 32 });
  assert.equal(decodeMovWide(0xd65f03c0), null);
});

test('branches out of range are E_RANGE', () => {
  assert.throws(() => new Arm64Writer().branch(1 << 27), { code: 'E_RANGE' });
  assert.throws(() => new Arm64Writer().branch(2), { code: 'E_RANGE' });
});

test('the literal pool is padded with brk to 8-byte alignment', { skip: noLlvm }, () => {
  const w = new Arm64Writer().ldrLiteral(X16, 5n).br(X16).nop();
  assert.equal(w.literalOffset(0), 16);
  assert.equal(hex(w.finish()), hex(a64('ldr x16, 1f\nbr x16\nnop\nbrk #0\n1: .quad 5')));
});

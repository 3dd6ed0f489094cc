// Every hand-written encoding of the stub writer, compared byte for byte with llvm-mc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X64Writer, RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R15 } from '../../src/patch/x64-writer.ts';
import { llvmAssemble, llvmMissing as noLlvm } from '../support/llvm-assemble.ts';
import { formatHex as hex } from '../../src/asm/hex.ts';

const x64 = (source: string): Uint8Array => llvmAssemble(source, 'x64');

const cases: Array<[string, (w: X64Writer) => void]> = [
  ['ret', (w) => w.ret()],
  ['int3', (w) => w.int3()],
  ['syscall', (w) => w.syscall()],
  ['pause', (w) => w.pause()],
  ['pushfq', (w) => w.pushFlags()],
  ['popfq', (w) => w.popFlags()],
  ['rep movsq', (w) => w.repMovsq()],
  ['movabs rax, 0x1122334455667788', (w) => w.movImm64(RAX, 0x1122334455667788n)],
  ['movabs r11, 0xfedcba9876543210', (w) => w.movImm64(R11, 0xfedcba9876543210n)],
  ['mov eax, 13', (w) => w.movImm32(RAX, 13)],
  ['mov r10d, 0x80000000', (w) => w.movImm32(R10, 0x80000000)],
  ['mov rdi, rsp', (w) => w.movRegister(RDI, RSP)],
  ['mov r9, r8', (w) => w.movRegister(R9, R8)],
  ['mov rbx, r15', (w) => w.movRegister(RBX, R15)],
  ['mov r12, rsi', (w) => w.movRegister(R12, RSI)],
  ['mov rax, qword ptr [rdx + 168]', (w) => w.load(RAX, RDX, 168)],
  ['mov rcx, qword ptr [r8]', (w) => w.load(RCX, R8, 0)],
  ['mov r10, qword ptr [r9 + 16]', (w) => w.load(R10, R9, 16)],
  ['mov rax, qword ptr [rsp + 8]', (w) => w.load(RAX, RSP, 8)],
  ['mov rax, qword ptr [rbp]', (w) => w.load(RAX, RBP, 0)],
  ['mov rax, qword ptr [r13]', (w) => w.load(RAX, R13, 0)],
  ['mov rax, qword ptr [r12 - 8]', (w) => w.load(RAX, R12, -8)],
  ['mov qword ptr [rdx + 168], r10', (w) => w.store(RDX, 168, R10)],
  ['mov qword ptr [rbx], rax', (w) => w.store(RBX, 0, RAX)],
  ['mov dword ptr [rbx + 8], 2', (w) => w.storeImm32(RBX, 8, 2)],
  ['lea rsp, [rsp - 128]', (w) => w.lea(RSP, RSP, -128)],
  ['lea rsp, [rsp + 128]', (w) => w.lea(RSP, RSP, 128)],
  ['cmp rax, qword ptr [r9]', (w) => w.compareMemory(RAX, R9, 0)],
  ['cmp dword ptr [rbx + 8], 2', (w) => w.compareDwordImm8(RBX, 8, 2)],
  ['cmp r10, 1', (w) => w.compareImm8(R10, 1)],
  ['test rcx, rcx', (w) => w.test(RCX)],
  ['test r10, r10', (w) => w.test(R10)],
  ['add r9, 32', (w) => w.addImm8(R9, 32)],
  ['sub rsp, 136', (w) => w.subImm32(RSP, 136)],
  ['and rsp, -16', (w) => w.andImm8(RSP, -16)],
  ['dec rcx', (w) => w.decrement(RCX)],
  ['xor esi, esi', (w) => w.zero(RSI)],
  ['xor r10d, r10d', (w) => w.zero(R10)],
  ['lock inc qword ptr [rax]', (w) => w.lockIncrement(RAX, 0)],
  ['lock inc qword ptr [r10]', (w) => w.lockIncrement(R10, 0)],
  ['lock cmpxchg dword ptr [rbx + 8], ecx', (w) => w.lockCompareExchange32(RBX, 8, RCX)],
  ['push rax', (w) => w.push(RAX)],
  ['push r15', (w) => w.push(R15)],
  ['pop rdi', (w) => w.pop(RDI)],
  ['pop r8', (w) => w.pop(R8)],
  ['movdqu xmmword ptr [rsp + 16], xmm3', (w) => w.storeXmm(RSP, 16, 3)],
  ['movdqu xmm7, xmmword ptr [rsp + 112]', (w) => w.loadXmm(7, RSP, 112)],
  ['fxsave64 [rsp]', (w) => w.fxsave(RSP)],
  ['fxrstor64 [rsp]', (w) => w.fxrstor(RSP)],
  ['jmp rax', (w) => w.jmpRegister(RAX)],
  ['jmp r11', (w) => w.jmpRegister(R11)],
  ['call rax', (w) => w.callRegister(RAX)],
  ['call r10', (w) => w.callRegister(R10)],
  ['jmp qword ptr [r10]', (w) => w.jmpMemory(R10, 0)],
  ['jmp qword ptr [rax + 8]', (w) => w.jmpMemory(RAX, 8)],
];

test('every stub encoding matches llvm-mc', { skip: noLlvm }, () => {
  const expected = x64(cases.map(([text]) => text).join('\n'));
  let offset = 0;
  for (const [text, emit] of cases) {
    const writer = new X64Writer();
    emit(writer);
    const bytes = writer.finish();
    assert.equal(hex(bytes), hex(expected.subarray(offset, offset + bytes.length)), text);
    offset += bytes.length;
  }
  assert.equal(offset, expected.length, 'all of llvm-mc output accounted for');
});

test('label branches resolve like llvm-mc (forward and backward, rel32 forms)', { skip: noLlvm }, () => {
  const writer = new X64Writer();
  writer.label('top').jcc('ne', 'out').jcc('e', 'top').jmp('top').jcc('b', 'out').jcc('ae', 'out').label('out').ret();
  const expected = x64('top:\njne.d32 out\nje.d32 top\njmp.d32 top\njb.d32 out\njae.d32 out\nout:\nret');
  // llvm-mc picks short forms unless forced; {disp32} forces rel32 like the writer uses.
  assert.equal(hex(writer.finish()), hex(expected));
});

test('absolute jmp/call targets are encoded relative to the stub address', () => {
  const writer = new X64Writer();
  writer.jmpTo(0x1000n, 0x2000n).callTo(0x3000n, 0x2000n);
  const bytes = writer.finish();
  const view = new DataView(bytes.buffer);
  assert.equal(bytes[0], 0xe9);
  assert.equal(view.getInt32(1, true), 0x1000 - 0x2005);
  assert.equal(bytes[5], 0xe8);
  assert.equal(view.getInt32(6, true), 0x3000 - 0x200a);
});

test('an unbound label is an E_LABEL error', () => {
  const writer = new X64Writer();
  writer.jmp('nowhere');
  assert.throws(() => writer.finish(), { code: 'E_LABEL' });
});

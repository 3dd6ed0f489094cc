import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, nativeFunction } from '../../src/call/index.ts';
import { isJitkitError } from '../../src/errors.ts';
import { cannotRunCode } from '../support/host.ts';
import { hostAssemble, llvmMissing } from '../support/llvm-assemble.ts';

const skip = cannotRunCode || llvmMissing;

// Programs are assembled by llvm-mc, so these tests check jitkit's calling layer against code it did not write.
const programs = {
  add64: { x64: 'lea rax, [rdi + rsi]; ret', arm64: 'add x0, x0, x1; ret' },
  addDoubles: { x64: 'addsd xmm0, xmm1; ret', arm64: 'fadd d0, d0, d1; ret' },
  mulFloats: { x64: 'mulss xmm0, xmm1; ret', arm64: 'fmul s0, s0, s1; ret' },
  sumDoubles: {
    x64: 'xorpd xmm0, xmm0; test rsi, rsi; jz 2f; 1: addsd xmm0, qword ptr [rdi]; add rdi, 8; dec rsi; jnz 1b; 2: ret',
    arm64: 'movi d0, #0; cbz x1, 2f; 1: ldr d1, [x0], #8; fadd d0, d0, d1; subs x1, x1, #1; b.ne 1b; 2: ret',
  },
  store: { x64: 'mov dword ptr [rdi + 4], esi; ret', arm64: 'str w1, [x0, #4]; ret' },
  identity: { x64: 'mov rax, rdi; ret', arm64: 'ret' },
  notBool: { x64: 'mov eax, edi; xor eax, 1; ret', arm64: 'eor w0, w0, #1; ret' },
  sum8: {
    x64: 'lea rax, [rdi + rsi]; add rax, rdx; add rax, rcx; add rax, r8; add rax, r9; add rax, qword ptr [rsp + 8]; add rax, qword ptr [rsp + 16]; ret',
    arm64: 'add x0, x0, x1; add x0, x0, x2; add x0, x0, x3; add x0, x0, x4; add x0, x0, x5; add x0, x0, x6; add x0, x0, x7; ret',
  },
};

test('int64 results cross as bigint; int64 arguments take numbers and bigints', { skip }, () => {
  const add = compile(hostAssemble(programs.add64), 'int64 (int64, int64)');
  assert.equal(add(40, 2), 42n);
  assert.equal(add(2n ** 62n, 2n ** 62n - 1n), 2n ** 63n - 1n);
  assert.equal(add(-5, 3n), -2n);
  const sum8 = compile(hostAssemble(programs.sum8), 'int64 (int64, int64, int64, int64, int64, int64, int64, int64)');
  assert.equal(sum8(1, 2, 3, 4, 5, 6, 7, 8), 36n, 'stack-passed arguments arrive');
  add.dispose();
  sum8.dispose();
});

test('doubles and floats pass in FP registers', { skip }, () => {
  const add = compile(hostAssemble(programs.addDoubles), 'double (double, double)');
  assert.equal(add(0.1, 0.2), 0.1 + 0.2);
  const mul = compile(hostAssemble(programs.mulFloats), 'float (float, float)');
  assert.equal(mul(1.5, 4), 6);
  add.dispose();
  mul.dispose();
});

test('TypedArrays pass by address without copying, in both directions', { skip }, () => {
  const sum = compile(hostAssemble(programs.sumDoubles), 'double (double *, size_t)');
  const values = Float64Array.from({ length: 1000 }, (_, index) => index);
  assert.equal(sum(values, values.length), (999 * 1000) / 2);
  assert.equal(sum(values.subarray(10), 5), 10 + 11 + 12 + 13 + 14, 'a subarray passes its own start address');
  const store = compile(hostAssemble(programs.store), 'void (uint32 *, uint32)');
  const target = new Uint32Array(4);
  assert.equal(store(target, 0xdeadbeef), undefined);
  assert.equal(target[1], 0xdeadbeef, 'native stores are visible in the JS array: no copy was made');
  const buffer = new ArrayBuffer(16);
  store(buffer, 7);
  assert.equal(new Uint32Array(buffer)[1], 7);
  sum.dispose();
  store.dispose();
});

test('pointers cross as bigint, NULL as 0n; bools as booleans', { skip }, () => {
  const identity = compile(hostAssemble(programs.identity), 'void * (void *)');
  assert.equal(identity(0x1234n), 0x1234n);
  assert.equal(identity(null), 0n);
  const not = compile(hostAssemble(programs.notBool), 'bool (bool)');
  assert.equal(not(true), false);
  assert.equal(not(false), true);
  identity.dispose();
  not.dispose();
});

test('wrong argument counts and types are E_ARGUMENTS before native code runs', { skip }, () => {
  const add = compile(hostAssemble(programs.add64), 'int64 (int64, int64)');
  const expectArguments = (call: () => unknown, message: RegExp) =>
    assert.throws(call, (error) => isJitkitError(error, 'E_ARGUMENTS') && message.test(error.message));
  const loose = add as unknown as (...args: unknown[]) => unknown;
  expectArguments(() => loose(1), /takes 2 argument\(s\); got 1/);
  expectArguments(() => loose(1, 2, 3), /got 3/);
  expectArguments(() => loose('1', 2), /argument 1 .* got "1"/);
  expectArguments(() => loose(1.5, 2), /integer/);
  expectArguments(() => loose(2n ** 63n, 0), /from -9223372036854775808 to 9223372036854775807/);
  const narrow = compile(hostAssemble(programs.add64), 'int32 (int8, uint16)') as unknown as (...args: unknown[]) => unknown;
  expectArguments(() => narrow(128, 0), /from -128 to 127/);
  expectArguments(() => narrow(0, -1), /from 0 to 65535/);
  assert.equal(narrow(-3n, 5n), 2, 'in-range bigints are accepted for narrow integers');
  const pointer = compile(hostAssemble(programs.identity), 'void * (void *)') as unknown as (...args: unknown[]) => unknown;
  expectArguments(() => pointer(5), /bigint address/);
  expectArguments(() => pointer(-1n), /bigint address/);
  const doubles = compile(hostAssemble(programs.addDoubles), 'double (double, double)') as unknown as (...args: unknown[]) => unknown;
  expectArguments(() => doubles(1n, 2), /a number/);
  for (const fn of [add, narrow, pointer, doubles] as Array<{ dispose(): void }>) fn.dispose();
});

test('calling a disposed function throws E_DISPOSED and never reaches native code', { skip }, () => {
  const add = compile(hostAssemble(programs.add64), 'int64 (int64, int64)');
  const block = add.block;
  add.dispose();
  assert.ok(add.isDisposed);
  assert.ok(block.isFreed, 'dispose frees the code block');
  assert.throws(() => add(1, 2), (error) => isJitkitError(error, 'E_DISPOSED') && /disposed/.test(error.message));
  add.dispose(); // idempotent
});

test('nativeFunction rejects a zero or non-bigint address, compile rejects empty code and bad signatures', { skip }, () => {
  assert.throws(() => nativeFunction(0n, 'void ()'), (error) => isJitkitError(error, 'E_ARGUMENTS'));
  assert.throws(() => nativeFunction(4096 as never, 'void ()'), (error) => isJitkitError(error, 'E_ARGUMENTS'));
  assert.throws(() => compile(new Uint8Array(0), 'void ()'), (error) => isJitkitError(error, 'E_SIZE'));
  assert.throws(() => compile(Uint8Array.of(0xc3), 'nope'), (error) => isJitkitError(error, 'E_SIGNATURE'));
});

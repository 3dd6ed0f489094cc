import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJitkitError } from '../../src/errors.ts';
import { Assembler, dword, eax, k1, mnemonicId, qword, rax, rbx, xmm0, xmm1, ymm0, ymm1, zmm0, zmm1, zmm2, zmmword } from '../../src/x64/index.ts';

/**
 * The fluent methods read operand kinds without guarding against every JS value (the property load on
 * null or undefined throws inside a try, a value without `kind` yields no kind bits), and V8 compiles
 * them for the operand classes it has seen. These tests check that wrong values still raise E_OPERANDS
 * once a method has run hot, and that the method encodes correctly again afterwards.
 */

function expectOperandsError(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    assert.ok(isJitkitError(error), `expected a JitkitError, got ${String(error)}`);
    assert.equal(error.code, 'E_OPERANDS', error.message);
    return;
  }
  assert.fail('expected E_OPERANDS');
}

/** Bytes of one instruction through the generic table-driven matcher, the reference for every form choice. */
function generic(mnemonic: string, ...operands: unknown[]): Uint8Array {
  const a = new Assembler();
  a.encodeGeneric(mnemonicId(mnemonic), ...(operands as []));
  return a.finalize();
}

function fluent(emit: (a: Assembler) => unknown): Uint8Array {
  const a = new Assembler();
  emit(a);
  return a.finalize();
}

// enough calls for V8 to optimize the methods for the operand classes seen here
const HOT = 20_000;

test('fluent methods raise E_OPERANDS for JS values that are not operands, also once optimized', () => {
  const hot = new Assembler();
  for (let i = 0; i < HOT; i++) {
    hot.xor(eax, eax).mov(qword(rax, 8), rbx).mov(eax, i).vaddps(zmm0.k(k1).z(), zmm1, zmm2);
    if (hot.length > 1 << 20) break;
  }
  const a = new Assembler();
  // no operand at all, anywhere
  const notOperands: unknown[] = [null, undefined, 'eax', {}, a.label(), true, Symbol('x')];
  // not a register or memory operand (these slots take no immediate)
  const notRegisters: unknown[] = [...notOperands, 7, 5n, 1.5];
  // not an immediate xor r32 can encode
  const badImmediates: unknown[] = [1.5, 2 ** 40, -(2 ** 40), 'eax', {}, null];
  const js = a as unknown as Record<string, (...operands: unknown[]) => Assembler>;
  for (const value of notRegisters) {
    expectOperandsError(() => js['xor']!.call(a, value, eax));
    expectOperandsError(() => js['mov']!.call(a, value, rbx));
    expectOperandsError(() => js['vaddps']!.call(a, zmm0, value, zmm2));
  }
  for (const value of badImmediates) expectOperandsError(() => js['xor']!.call(a, eax, value));
  // an optional trailing slot (vaddps's {er}) given something else than a rounding mode or nothing
  for (const value of notOperands.filter((value) => value !== undefined)) expectOperandsError(() => js['vaddps']!.call(a, zmm0, zmm1, zmm2, value));
  expectOperandsError(() => js['xor']!.call(a, eax));
  expectOperandsError(() => js['vaddps']!.call(a, zmm0, zmm1));
  // after the deoptimizations the same methods still encode what the generic matcher encodes
  assert.deepEqual(fluent((b) => b.xor(eax, eax)), generic('xor', eax, eax));
  assert.deepEqual(fluent((b) => b.mov(qword(rax, 8), rbx)), generic('mov', qword(rax, 8), rbx));
  assert.deepEqual(fluent((b) => b.mov(eax, 7)), generic('mov', eax, 7));
  assert.deepEqual(fluent((b) => b.vaddps(zmm0.k(k1).z(), zmm1, zmm2)), generic('vaddps', zmm0.k(k1).z(), zmm1, zmm2));
});

test('a masked memory destination takes the generic encoder and encodes as it does', () => {
  const masked = zmmword(rax, 64).k(k1);
  assert.equal(masked.direct, false);
  assert.deepEqual(fluent((b) => b.vmovups(masked, zmm1)), generic('vmovups', masked, zmm1));
  // a form without masking refuses it, as the generic matcher does
  expectOperandsError(() => new Assembler().movups(dword(rax).k(k1) as never, xmm0));
  expectOperandsError(() => new Assembler().emit('movaps', [zmmword(rax).k(k1), xmm1]));
});

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The E_OPERANDS message `run` throws. */
function operandsMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(isJitkitError(error), `expected a JitkitError, got ${String(error)}`);
    assert.equal(error.code, 'E_OPERANDS', error.message);
    return error.message;
  }
  return assert.fail('expected E_OPERANDS');
}

test('a broadcast without a count is refused where only the count would fix the vector length', () => {
  // vfpclassps k, m{1toN}, imm8: the destination is a mask register and the only source is memory
  const fpclass = operandsMessage(() => new Assembler().vfpclassps(k1, dword(rax).broadcastTo(), 3));
  assert.match(fpclass, /^vfpclassps: /);
  assert.match(fpclass, /\{1to4\} or \{1to8\} or \{1to16\}/);
  // vcvtpd2ps xmm, m64{1toN}: the 128- and 256-bit forms both write an xmm
  const cvt = operandsMessage(() => new Assembler().vcvtpd2ps(xmm0, qword(rax).broadcastTo()));
  assert.match(cvt, /^vcvtpd2ps: .*\{1to2\} or \{1to4\}/);
  expectOperandsError(() => generic('vcvtpd2ps', xmm1, qword(rax).broadcastTo()));
  // with the count given, each length encodes (bytes as llvm-mc: vfpclassps k1, dword ptr [rax]{1to16}, 3 …)
  assert.equal(hex(fluent((b) => b.vfpclassps(k1, dword(rax).broadcastTo(16), 3))), '62f37d58660803');
  assert.equal(hex(fluent((b) => b.vfpclassps(k1, dword(rax).broadcastTo(4), 3))), '62f37d18660803');
  assert.equal(hex(fluent((b) => b.vcvtpd2ps(xmm0, qword(rax).broadcastTo(2)))), '62f1fd185a00');
  assert.equal(hex(fluent((b) => b.vcvtpd2ps(xmm0, qword(rax).broadcastTo(4)))), '62f1fd385a00');
});

test('a broadcast without a count takes the length a register fixes', () => {
  // the source register decides for vcmpps k, V, m{1toN}; the destination for vaddps and for vcvtpd2ps ymm, m
  assert.deepEqual(fluent((b) => b.vcmpps(k1, zmm2, dword(rax).broadcastTo(), 0)), fluent((b) => b.vcmpps(k1, zmm2, dword(rax).broadcastTo(16), 0)));
  assert.deepEqual(fluent((b) => b.vcmpps(k1, xmm1, dword(rax).broadcastTo(), 0)), fluent((b) => b.vcmpps(k1, xmm1, dword(rax).broadcastTo(4), 0)));
  assert.deepEqual(fluent((b) => b.vaddps(ymm0, ymm1, dword(rax).broadcastTo())), fluent((b) => b.vaddps(ymm0, ymm1, dword(rax).broadcastTo(8))));
  assert.deepEqual(fluent((b) => b.vcvtpd2ps(ymm0, qword(rax).broadcastTo())), fluent((b) => b.vcvtpd2ps(ymm0, qword(rax).broadcastTo(8))));
});

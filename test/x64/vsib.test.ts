import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHex } from '../../src/asm/hex.ts';
import { isJitkitError } from '../../src/errors.ts';
import { Assembler, dword, eax, k1, ptr, rax, xmm1, xmm2, xmm3, xmm17, xmmword, zmm1, zmm2, zmmword } from '../../src/x64/index.ts';
import { assembleWithLlvmMc } from './llvm-mc.ts';

/** Gathers and scatters: what VSIB operands may and may not be, beyond the corpus comparison. */
function rejects(run: () => unknown, pattern: RegExp): void {
  try {
    run();
  } catch (error) {
    assert.ok(isJitkitError(error) && error.code === 'E_OPERANDS', String(error));
    assert.match(error.message, pattern);
    return;
  }
  assert.fail('expected E_OPERANDS');
}

test('a VSIB operand may state the whole operand size (LLVM), the element size (GNU, iced) or none', () => {
  const [reference] = assembleWithLlvmMc(['vpgatherdd xmm1, xmmword ptr [rax + 4*xmm2 + 8], xmm3']);
  assert.ok(reference !== undefined && 'bytes' in reference);
  for (const memory of [xmmword(rax, xmm2, 4, 8), dword(rax, xmm2, 4, 8), ptr(rax, xmm2, 4, 8)]) {
    assert.equal(formatHex(new Assembler().vpgatherdd(xmm1, memory, xmm3).finalize()), formatHex(reference.bytes));
  }
});

test('gathers whose destination, index or mask registers coincide are refused (#UD on the CPU)', () => {
  rejects(() => new Assembler().vpgatherdd(xmm1, xmmword(rax, xmm1, 4), xmm3), /must all differ/);
  rejects(() => new Assembler().vpgatherdd(xmm1, xmmword(rax, xmm2, 4), xmm2), /must all differ/);
  rejects(() => new Assembler().vpgatherdd(zmm1.k(k1), zmmword(rax, zmm1, 4)), /must all differ/);
});

test('VSIB operands are refused where they cannot be encoded', () => {
  // a vector index is not a general-purpose index
  rejects(() => new Assembler().emit('mov', [eax, dword(rax, xmm2, 4)]), /mov does not accept/);
  // VEX has no bit for an index register above 15
  rejects(() => new Assembler().emit('vpgatherdd', [xmm1, xmmword(rax, xmm17, 4), xmm3]), /vpgatherdd does not accept/);
  // an AVX-512 gather needs an opmask: the CPU clears its bits as elements arrive
  rejects(() => new Assembler().emit('vpgatherdd', [zmm1, zmmword(rax, zmm2, 4)]), /vpgatherdd does not accept/);
  // and the index width selects the form: sixteen dwords into zmm need a zmm index, not an xmm one
  rejects(() => new Assembler().emit('vpgatherdd', [zmm1.k(k1), zmmword(rax, xmm2, 4)]), /vpgatherdd does not accept/);
});

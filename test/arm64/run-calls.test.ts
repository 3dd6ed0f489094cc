// Calls from JS into generated A64 code with more arguments than registers (AAPCS64: the first eight
// integer arguments in x0-x7, the first eight floating-point ones in d0-d7/s0-s7, the rest on the stack in
// parameter order, each in an 8-byte slot on Linux), mixing integer and floating-point types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile } from '../../src/call/index.ts';
import { a64, cannotRunA64, runOptions } from './run-assemble.ts';

const runs = { numRuns: 100 };

/** fmov's 8-bit immediate encodes every integer 1..10 exactly (n/16 * 2^e). */
const weights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

test('10 int64 and 10 double arguments, interleaved: 4 of them on the stack', { skip: cannotRunA64 }, () => {
  // Parameters i0, f0, i1, f1, ..., i9, f9. i0-i7 -> x0-x7, f0-f7 -> d0-d7; the stack holds, in parameter
  // order, i8 [sp], f8 [sp+8], i9 [sp+16], f9 [sp+24].
  // Result: sum(f_k * (k+1)) in order (fmul then fadd, one rounding each, like JS), then + sum(i_k * (k+1)).
  const lines = ['ldr x8, [sp]', 'ldr d16, [sp, #8]', 'ldr x9, [sp, #16]', 'ldr d17, [sp, #24]', 'mov x10, #0', 'fmov d18, xzr'];
  const fRegister = (k: number): string => (k < 8 ? `d${k}` : `d${16 + k - 8}`);
  weights.forEach((weight, k) => {
    lines.push(`mov x11, #${weight}`, `madd x10, x${k}, x11, x10`);
    lines.push(`fmov d19, #${weight}.0`, `fmul d19, ${fRegister(k)}, d19`, 'fadd d18, d18, d19');
  });
  lines.push('scvtf d0, x10', 'fadd d0, d18, d0', 'ret');
  const signature = `double (${weights.map(() => 'int64, double').join(', ')})`;
  const fn = compile(a64(lines.join('\n')), signature, runOptions) as unknown as (...args: Array<bigint | number>) => number;
  const int = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
  const double = fc.double({ min: -1e12, max: 1e12, noNaN: true });
  fc.assert(fc.property(fc.array(fc.tuple(int, double), { minLength: 10, maxLength: 10 }), (pairs) => {
    let floatSum = 0;
    let intSum = 0n;
    pairs.forEach(([i, f], k) => {
      floatSum += f * weights[k]!;
      intSum += BigInt(i) * BigInt(weights[k]!);
    });
    assert.equal(fn(...pairs.flatMap(([i, f]) => [BigInt(i), f])), floatSum + Number(intSum));
  }), runs);
});

test('9 int32 and 9 float arguments: 32-bit values in 8-byte stack slots, sign extension done by the callee', { skip: cannotRunA64 }, () => {
  // Parameters n0..n8 (int32) then g0..g8 (float). n8 at [sp] (low 4 bytes of its slot), g8 at [sp+8].
  // AAPCS64 leaves bits 63..32 of a 32-bit argument unspecified, so the callee reads w registers / ldrsw.
  // Result (double): sum(n_k * (k+1)) + sum(g_k widened to double * (k+1)), accumulated as in JS below.
  const lines = ['ldr w9, [sp]', 'ldr s16, [sp, #8]', 'fmov d18, xzr'];
  for (let k = 0; k < 9; k++) {
    const n = k < 8 ? `w${k}` : 'w9';
    const g = k < 8 ? `s${k}` : 's16';
    lines.push(`scvtf d19, ${n}`, `fmov d20, #${weights[k]}.0`, 'fmul d19, d19, d20', 'fadd d18, d18, d19');
    lines.push(`fcvt d19, ${g}`, 'fmul d19, d19, d20', 'fadd d18, d18, d19');
  }
  lines.push('fmov d0, d18', 'ret');
  const signature = `double (${Array(9).fill('int32').join(', ')}, ${Array(9).fill('float').join(', ')})`;
  const fn = compile(a64(lines.join('\n')), signature, runOptions) as unknown as (...args: number[]) => number;
  const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
  const float = fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
  fc.assert(fc.property(fc.array(int32, { minLength: 9, maxLength: 9 }), fc.array(float, { minLength: 9, maxLength: 9 }), (ints, floats) => {
    let expected = 0;
    for (let k = 0; k < 9; k++) {
      expected += ints[k]! * weights[k]!;
      expected += Math.fround(floats[k]!) * weights[k]!;
    }
    assert.equal(fn(...ints, ...floats), expected);
  }), runs);
});

test('generated code calls generated code with 9 mixed arguments (blr through a pointer)', { skip: cannotRunA64 }, () => {
  // callee(x0..x7 int64, d0 double, [sp] int64): returns x0 - x1 + ... - x7 + [sp] + fcvtzs(d0).
  const callee = compile(a64(`
    sub x0, x0, x1
    add x0, x0, x2
    sub x0, x0, x3
    add x0, x0, x4
    sub x0, x0, x5
    add x0, x0, x6
    sub x0, x0, x7
    ldr x9, [sp]
    add x0, x0, x9
    fcvtzs x9, d0
    add x0, x0, x9
    ret`), 'int64 (int64, int64, int64, int64, int64, int64, int64, int64, double, int64)', runOptions);
  // caller(pointer f, int64 base): a frame record, then a 16-byte outgoing area (sp stays 16-byte aligned)
  // whose first slot is the callee's 10th argument; calls f and adds 1.
  const caller = compile(a64(`
    stp  x29, x30, [sp, #-16]!
    mov  x29, sp
    sub  sp, sp, #16
    mov  x16, x0
    add  x9, x1, #100
    str  x9, [sp]              // 10th argument: base + 100, at the callee's [sp]
    mov  x0, x1
    mov  x1, #1
    mov  x2, #2
    mov  x3, #3
    mov  x4, #4
    mov  x5, #5
    mov  x6, #6
    mov  x7, #7
    fmov d0, #-2.5
    blr  x16
    add  x0, x0, #1
    add  sp, sp, #16
    ldp  x29, x30, [sp], #16
    ret`), 'int64 (void *, int64)', runOptions);
  for (const base of [0n, 1000n, -77n]) {
    // base - 1 + 2 - 3 + 4 - 5 + 6 - 7 + (base + 100) + trunc(-2.5) + 1
    assert.equal(caller(callee.address, base), base - 1n + 2n - 3n + 4n - 5n + 6n - 7n + (base + 100n) - 2n + 1n);
  }
});

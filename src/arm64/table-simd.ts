import { makeForm, type Feature, type Form, type Slot } from './form.ts';
import * as C from './operand-classes.ts';
import { vectors } from './registers.ts';
import {
  condition, elementImm4, fixedPointBits, elementImm5, elementIndexed, exactImmediate, float8Immediate, fpr, leftShiftImmediate,
  memoryBaseOnly, memoryPostIndexBytes, memoryPostIndexRegister, rightShiftImmediate, sameRegister, unsignedImmediate,
  vectorFloat8Immediate, vectorList, vreg,
} from './slots.ts';
import { byteMask64, laneList, modifiedImmediate8, modifiedImmediateShift } from './slots-simd.ts';
import { W32, X64 } from './table-registers.ts';

/**
 * Scalar floating point and Advanced SIMD (Arm ARM C4.1.6 "Data Processing -- Scalar Floating-Point and
 * Advanced SIMD"). Vector forms are expanded per arrangement: Q (bit 30) and size (bits 22..23) become
 * fixed bits of each expanded form, so the encoder never has to check that operands agree.
 */
export const simdForms: Form[] = [];
const f = (mnemonic: string, bits: number, slots: Slot[], feature: Feature = 'base') => simdForms.push(makeForm(mnemonic, bits, slots, feature));

// ---------------------------------------------------------------- scalar floating point
// ftype (bits 22..23): 00 single, 01 double, 11 half. Half-precision arithmetic is Armv8.2 FEAT_FP16 (llvm-mc
// -mattr=+fullfp16); FCVT to and from half (below the loop) is Armv8.0.
const floatTypes = [
  { cls: C.S, ftype: 0x00000000, feature: 'base' },
  { cls: C.D, ftype: 0x00400000, feature: 'base' },
  { cls: C.H, ftype: 0x00c00000, feature: 'fp16' },
] as const;
for (const { cls, ftype, feature } of floatTypes) {
  const f = (mnemonic: string, bits: number, slots: Slot[]) => simdForms.push(makeForm(mnemonic, bits, slots, feature));
  const d = fpr(cls, 0);
  const n = fpr(cls, 5);
  const m = fpr(cls, 16);
  const a = fpr(cls, 10);
  // FMOV between FP and general registers pairs s with w and d with x; h goes with either.
  const generals = cls === C.H ? [W32, X64] : [cls === C.S ? W32 : X64];
  const sf = cls === C.D ? 0x80000000 : 0;
  // fmov Sd, #0.0 has no FP8 encoding; it is FMOV from wzr/xzr.
  f('fmov', sf | 0x1e2703e0 | ftype, [d, exactImmediate(0, '#0.0')]);
  f('fmov', 0x1e201000 | ftype, [d, float8Immediate(13)]);
  for (const [name, opcode] of [
    ['fmov', 0x1e204000], ['fabs', 0x1e20c000], ['fneg', 0x1e214000], ['fsqrt', 0x1e21c000],
    ['frintn', 0x1e244000], ['frintp', 0x1e24c000], ['frintm', 0x1e254000], ['frintz', 0x1e25c000],
    ['frinta', 0x1e264000], ['frintx', 0x1e274000], ['frinti', 0x1e27c000],
  ] as const) f(name, opcode | ftype, [d, n]);
  for (const [name, opcode] of [
    ['fmul', 0x1e200800], ['fdiv', 0x1e201800], ['fadd', 0x1e202800], ['fsub', 0x1e203800], ['fmax', 0x1e204800],
    ['fmin', 0x1e205800], ['fmaxnm', 0x1e206800], ['fminnm', 0x1e207800], ['fnmul', 0x1e208800],
  ] as const) f(name, opcode | ftype, [d, n, m]);
  for (const [name, opcode] of [['fmadd', 0x1f000000], ['fmsub', 0x1f008000], ['fnmadd', 0x1f200000], ['fnmsub', 0x1f208000]] as const) {
    f(name, opcode | ftype, [d, n, m, a]);
  }
  f('fcmp', 0x1e202000 | ftype, [n, m]);
  f('fcmp', 0x1e202008 | ftype, [n, exactImmediate(0, '#0.0')]);
  f('fcmpe', 0x1e202010 | ftype, [n, m]);
  f('fcmpe', 0x1e202018 | ftype, [n, exactImmediate(0, '#0.0')]);
  f('fccmp', 0x1e200400 | ftype, [n, m, unsignedImmediate(0, 4, 1, 'nzcv'), condition(12)]);
  f('fccmpe', 0x1e200410 | ftype, [n, m, unsignedImmediate(0, 4, 1, 'nzcv'), condition(12)]);
  f('fcsel', 0x1e200c00 | ftype, [d, n, m, condition(12)]);
  // Conversions to and from general registers: sf 0 0 11110 ftype 1 rmode opcode 000000 Rn Rd.
  for (const R of [W32, X64]) {
    for (const [name, opcode] of [['scvtf', 0x1e220000], ['ucvtf', 0x1e230000]] as const) f(name, R.sf | opcode | ftype, [d, R.n]);
    for (const [name, opcode] of [
      ['fcvtzs', 0x1e380000], ['fcvtzu', 0x1e390000], ['fcvtns', 0x1e200000], ['fcvtnu', 0x1e210000],
      ['fcvtas', 0x1e240000], ['fcvtau', 0x1e250000], ['fcvtps', 0x1e280000], ['fcvtpu', 0x1e290000],
      ['fcvtms', 0x1e300000], ['fcvtmu', 0x1e310000],
    ] as const) f(name, R.sf | opcode | ftype, [R.d, n]);
    // Fixed-point forms: sf 0 0 11110 ftype 0 rmode opcode scale Rn Rd, #fbits in scale.
    for (const [name, opcode] of [['scvtf', 0x1e020000], ['ucvtf', 0x1e030000]] as const) f(name, R.sf | opcode | ftype, [d, R.n, fixedPointBits(R.width)]);
    for (const [name, opcode] of [['fcvtzs', 0x1e180000], ['fcvtzu', 0x1e190000]] as const) f(name, R.sf | opcode | ftype, [R.d, n, fixedPointBits(R.width)]);
  }
  for (const general of generals) {
    f('fmov', general.sf | 0x1e270000 | ftype, [d, general.n]);
    f('fmov', general.sf | 0x1e260000 | ftype, [general.d, n]);
  }
}
// FCVT between precisions: 00011110 ftype 1 0001 opc 10000 Rn Rd (opc is the destination type).
f('fcvt', 0x1e22c000, [fpr(C.D, 0), fpr(C.S, 5)]);
f('fcvt', 0x1e624000, [fpr(C.S, 0), fpr(C.D, 5)]);
f('fcvt', 0x1e23c000, [fpr(C.H, 0), fpr(C.S, 5)]);
f('fcvt', 0x1ee24000, [fpr(C.S, 0), fpr(C.H, 5)]);
f('fcvt', 0x1e63c000, [fpr(C.H, 0), fpr(C.D, 5)]);
f('fcvt', 0x1ee2c000, [fpr(C.D, 0), fpr(C.H, 5)]);
// FMOV Xd, Vn.d[1] / FMOV Vd.d[1], Xn move the upper half of a 128-bit register (rmode 01, opcode 11x).
const upperHalf = (shift: number): Slot => ({
  accepts: C.ELEM_D,
  fieldMask: 31 << shift,
  syntax: '<Vn>.d[1]',
  requirement: 'lane 1 of a .d vector element (the upper 64 bits)',
  encode: (operand: { index: number; lane: number }) => (operand.lane !== 1 ? -1 : operand.index << shift),
  decode: (word) => vectors[(word >>> shift) & 31]!.element(3, 1),
});
f('fmov', 0x9eae0000, [X64.d, upperHalf(5)]);
f('fmov', 0x9eaf0000, [upperHalf(0), X64.n]);

// ---------------------------------------------------------------- vectors
interface Arrangement {
  readonly cls: number;
  /** Q (bit 30) and size (bits 22..23). */
  readonly bits: number;
  readonly size: number;
  readonly q: number;
}
const arrangements: Record<string, Arrangement> = {};
for (const [name, cls, q, size] of [
  ['8b', C.V8B, 0, 0], ['16b', C.V16B, 1, 0], ['4h', C.V4H, 0, 1], ['8h', C.V8H, 1, 1],
  ['2s', C.V2S, 0, 2], ['4s', C.V4S, 1, 2], ['1d', C.V1D, 0, 3], ['2d', C.V2D, 1, 3],
] as const) arrangements[name] = { cls, q, size, bits: (q << 30) | (size << 22) };
const pick = (...names: string[]) => names.map((name) => arrangements[name]!);
const INTEGER = pick('8b', '16b', '4h', '8h', '2s', '4s', '2d');
const INTEGER_NO_D = pick('8b', '16b', '4h', '8h', '2s', '4s');
const BYTES = pick('8b', '16b');
const FLOAT = pick('2s', '4s', '2d'); // sz is bit 22, which size<1> = 1 (s) / size = 3 (d) line up with below
const floatBits = (a: Arrangement) => (a.q << 30) | (a.size === 3 ? 1 << 22 : 0);

const vd = (a: Arrangement) => vreg(a.cls, 0);
const vn = (a: Arrangement) => vreg(a.cls, 5);
const vm = (a: Arrangement) => vreg(a.cls, 16);

// three registers of one arrangement: 0 Q U 01110 size 1 Rm opcode 1 Rn Rd
for (const [name, bits, set] of [
  ['add', 0x0e208400, INTEGER], ['sub', 0x2e208400, INTEGER], ['mul', 0x0e209c00, INTEGER_NO_D],
  ['mla', 0x0e209400, INTEGER_NO_D], ['mls', 0x2e209400, INTEGER_NO_D],
  ['cmeq', 0x2e208c00, INTEGER], ['cmtst', 0x0e208c00, INTEGER], ['cmgt', 0x0e203400, INTEGER], ['cmge', 0x0e203c00, INTEGER],
  ['cmhi', 0x2e203400, INTEGER], ['cmhs', 0x2e203c00, INTEGER],
  ['smax', 0x0e206400, INTEGER_NO_D], ['smin', 0x0e206c00, INTEGER_NO_D], ['umax', 0x2e206400, INTEGER_NO_D], ['umin', 0x2e206c00, INTEGER_NO_D],
  ['addp', 0x0e20bc00, INTEGER],
] as const) {
  for (const a of set) f(name, bits | a.bits, [vd(a), vn(a), vm(a)]);
}
// compare against zero and other two-register operations: 0 Q U 01110 size 10000 opcode 10 Rn Rd
for (const [name, bits] of [['cmeq', 0x0e209800], ['cmge', 0x2e208800], ['cmgt', 0x0e208800], ['cmle', 0x2e209800], ['cmlt', 0x0e20a800]] as const) {
  for (const a of INTEGER) f(name, bits | a.bits, [vd(a), vn(a), exactImmediate(0, '#0')]);
}
for (const [name, bits] of [['neg', 0x2e20b800], ['abs', 0x0e20b800]] as const) for (const a of INTEGER) f(name, bits | a.bits, [vd(a), vn(a)]);
for (const a of BYTES) {
  f('cnt', 0x0e205800 | a.bits, [vd(a), vn(a)]);
  f('mvn', 0x2e205800 | a.bits, [vd(a), vn(a)]);
  f('not', 0x2e205800 | a.bits, [vd(a), vn(a)]);
}
// bitwise: 0 Q U 01110 opc2 1 Rm 000111 Rn Rd (opc2 in the size bits; 8b/16b only). mov = orr with Rn = Rm.
for (const a of BYTES) {
  const q = a.q << 30;
  f('mov', 0x0ea01c00 | q, [vd(a), sameRegister(vn(a), 16, 5)]);
  for (const [name, bits] of [
    ['and', 0x0e201c00], ['bic', 0x0e601c00], ['orr', 0x0ea01c00], ['orn', 0x0ee01c00],
    ['eor', 0x2e201c00], ['bsl', 0x2e601c00], ['bit', 0x2ea01c00], ['bif', 0x2ee01c00],
  ] as const) f(name, bits | q, [vd(a), vn(a), vm(a)]);
}
// floating point three-same: 0 Q U 01110 op sz 1 Rm opcode 1 Rn Rd
for (const [name, bits] of [
  ['fadd', 0x0e20d400], ['fsub', 0x0ea0d400], ['fmul', 0x2e20dc00], ['fdiv', 0x2e20fc00], ['fmla', 0x0e20cc00],
  ['fmls', 0x0ea0cc00], ['fmax', 0x0e20f400], ['fmin', 0x0ea0f400], ['fmaxnm', 0x0e20c400], ['fminnm', 0x0ea0c400],
  ['faddp', 0x2e20d400], ['fcmeq', 0x0e20e400], ['fcmge', 0x2e20e400], ['fcmgt', 0x2ea0e400],
] as const) {
  for (const a of FLOAT) f(name, bits | floatBits(a), [vd(a), vn(a), vm(a)]);
}
// and on half-precision vectors (FEAT_FP16 "three same (FP16)"): 0 Q U 01110 a 10 Rm 00 opcode 1 Rn Rd
for (const [name, u, a, opcode] of [
  ['fadd', 0, 0, 2], ['fsub', 0, 1, 2], ['fmul', 1, 0, 3], ['fdiv', 1, 0, 7], ['fmla', 0, 0, 1], ['fmls', 0, 1, 1],
  ['fmax', 0, 0, 6], ['fmin', 0, 1, 6], ['fmaxnm', 0, 0, 0], ['fminnm', 0, 1, 0], ['faddp', 1, 0, 2],
  ['fcmeq', 0, 0, 4], ['fcmge', 1, 0, 4], ['fcmgt', 1, 1, 4], ['fmulx', 0, 0, 3],
] as const) {
  for (const v of pick('4h', '8h')) f(name, 0x0e400400 | (v.q << 30) | (u << 29) | (a << 23) | (opcode << 11), [vd(v), vn(v), vm(v)], 'fp16');
}
for (const [name, bits] of [
  ['fabs', 0x0ea0f800], ['fneg', 0x2ea0f800], ['fsqrt', 0x2ea1f800],
  ['scvtf', 0x0e21d800], ['ucvtf', 0x2e21d800], ['fcvtzs', 0x0ea1b800], ['fcvtzu', 0x2ea1b800],
] as const) {
  for (const a of FLOAT) f(name, bits | floatBits(a), [vd(a), vn(a)]);
}
// and on half-precision vectors (FEAT_FP16 "two-register miscellaneous (FP16)"): 0 Q U 01110 a 111100
// opcode 10 Rn Rd
for (const [name, u, a, opcode] of [
  ['fabs', 0, 1, 0x0f], ['fneg', 1, 1, 0x0f], ['fsqrt', 1, 1, 0x1f], ['scvtf', 0, 0, 0x1d], ['ucvtf', 1, 0, 0x1d],
  ['fcvtzs', 0, 1, 0x1b], ['fcvtzu', 1, 1, 0x1b],
] as const) {
  for (const v of pick('4h', '8h')) f(name, 0x0e780800 | (v.q << 30) | (u << 29) | (a << 23) | (opcode << 12), [vd(v), vn(v)], 'fp16');
}
// FMOV (vector, immediate): 0 Q op 0111100000 abc 1111 0 1 defgh Rd
for (const [a, bits] of [[arrangements['2s']!, 0x0f00f400], [arrangements['4s']!, 0x4f00f400], [arrangements['2d']!, 0x6f00f400]] as const) {
  f('fmov', bits, [vd(a), vectorFloat8Immediate]);
}
// The half-precision arrangements (cmode 1111, o2 = 1) are FEAT_FP16.
for (const a of pick('4h', '8h')) f('fmov', 0x0f00fc00 | (a.q << 30), [vd(a), vectorFloat8Immediate], 'fp16');
// MOVI/MVNI/ORR/BIC (vector, immediate): 0 Q op 0111100000 abc cmode 01 defgh Rd. cmode picks the element
// size and where imm8 goes (its shift bits belong to the lsl/msl slot); op selects MVNI/BIC over MOVI/ORR.
const lsl16 = modifiedImmediateShift('lsl16');
const lsl32 = modifiedImmediateShift('lsl32');
const msl = modifiedImmediateShift('msl');
for (const a of BYTES) f('movi', 0x0f00e400 | (a.q << 30), [vd(a), modifiedImmediate8]);
for (const [name, op] of [['movi', 0], ['mvni', 0x20000000]] as const) {
  for (const a of pick('4h', '8h')) {
    f(name, 0x0f008400 | op | (a.q << 30), [vd(a), modifiedImmediate8]);
    f(name, 0x0f008400 | op | (a.q << 30), [vd(a), modifiedImmediate8, lsl16]);
  }
  for (const a of pick('2s', '4s')) {
    f(name, 0x0f000400 | op | (a.q << 30), [vd(a), modifiedImmediate8]);
    f(name, 0x0f000400 | op | (a.q << 30), [vd(a), modifiedImmediate8, lsl32]);
    f(name, 0x0f00c400 | op | (a.q << 30), [vd(a), modifiedImmediate8, msl]);
  }
}
for (const [name, op] of [['orr', 0], ['bic', 0x20000000]] as const) {
  for (const a of pick('4h', '8h')) {
    f(name, 0x0f009400 | op | (a.q << 30), [vd(a), modifiedImmediate8]);
    f(name, 0x0f009400 | op | (a.q << 30), [vd(a), modifiedImmediate8, lsl16]);
  }
  for (const a of pick('2s', '4s')) {
    f(name, 0x0f001400 | op | (a.q << 30), [vd(a), modifiedImmediate8]);
    f(name, 0x0f001400 | op | (a.q << 30), [vd(a), modifiedImmediate8, lsl32]);
  }
}
// op 1, cmode 1110: the 64-bit byte mask, as a d register (Q 0) or both lanes of .2d (Q 1).
f('movi', 0x2f00e400, [fpr(C.D, 0), byteMask64]);
f('movi', 0x6f00e400, [vd(arrangements['2d']!), byteMask64]);

// pairwise and across-lanes reductions to a scalar
f('faddp', 0x7e30d800, [fpr(C.S, 0), vn(arrangements['2s']!)]);
f('faddp', 0x7e70d800, [fpr(C.D, 0), vn(arrangements['2d']!)]);
const scalarBySize = [C.B, C.H, C.S, C.D];
for (const [name, bits] of [['addv', 0x0e31b800], ['smaxv', 0x0e30a800], ['umaxv', 0x2e30a800], ['sminv', 0x0e31a800], ['uminv', 0x2e31a800]] as const) {
  for (const a of pick('8b', '16b', '4h', '8h', '4s')) f(name, bits | a.bits, [fpr(scalarBySize[a.size]!, 0), vn(a)]);
}
f('fmaxv', 0x6e30f800, [fpr(C.S, 0), vn(arrangements['4s']!)]);
f('fminv', 0x6eb0f800, [fpr(C.S, 0), vn(arrangements['4s']!)]);

// by element (Advanced SIMD vector x indexed element): 0 Q U 01111 size L M Rm opcode H 0 Rn Rd. The
// FP ones have size = 1:sz for single/double (FMLA opcode 0001, FMLS 0101, FMUL 1001 with U 0, FMULX 1001
// with U 1) and size = 00 for half precision (FEAT_FP16), whose element index is H:L:M with Rm<4> lost.
const BY_ELEMENT_FLOAT = [['fmla', 0x0f801000], ['fmls', 0x0f805000], ['fmul', 0x0f809000], ['fmulx', 0x2f809000]] as const;
for (const [name, bits] of BY_ELEMENT_FLOAT) {
  for (const a of FLOAT) f(name, bits | floatBits(a), [vd(a), vn(a), elementIndexed(a.size === 3 ? 3 : 2)]);
  for (const a of pick('4h', '8h')) f(name, (bits & ~0x00800000) | (a.q << 30), [vd(a), vn(a), elementIndexed(1)], 'fp16');
}
// The scalar forms (Advanced SIMD scalar x indexed element): 01 U 11111 size L M Rm opcode H 0 Rn Rd, the
// same opcodes with bit 28 set and Q fixed at 1 (so 0x5f.. / 0x7f..).
for (const [name, bits] of BY_ELEMENT_FLOAT) {
  const scalar = (bits | 0x50000000) >>> 0;
  f(name, scalar, [fpr(C.S, 0), fpr(C.S, 5), elementIndexed(2)]);
  f(name, scalar | 0x00400000, [fpr(C.D, 0), fpr(C.D, 5), elementIndexed(3)]);
  f(name, scalar & ~0x00800000, [fpr(C.H, 0), fpr(C.H, 5), elementIndexed(1)], 'fp16');
}
// FMULX (three same): x * y, but 0 * ±infinity gives ±2.0 instead of NaN (the Newton-Raphson step of
// FRECPE/FRSQRTE). Scalar: 01 U 11110 0 sz 1 Rm 11011 1 Rn Rd; vector: 0 Q 0 01110 0 sz 1 Rm 11011 1 Rn Rd;
// the scalar half-precision form (FEAT_FP16 "three same") is 01 0 11110 010 Rm 00 011 1 Rn Rd.
f('fmulx', 0x5e20dc00, [fpr(C.S, 0), fpr(C.S, 5), fpr(C.S, 16)]);
f('fmulx', 0x5e60dc00, [fpr(C.D, 0), fpr(C.D, 5), fpr(C.D, 16)]);
f('fmulx', 0x5e401c00, [fpr(C.H, 0), fpr(C.H, 5), fpr(C.H, 16)], 'fp16');
for (const a of FLOAT) f('fmulx', 0x0e20dc00 | floatBits(a), [vd(a), vn(a), vm(a)]);
// Integer by element, size 01 (.h, Rm v0..v15) or 10 (.s): MUL/MLA/MLS, and the saturating doubling
// high halves SQDMULH (opcode 1100) / SQRDMULH (1101, rounding), same arrangement in and out.
for (const [name, bits] of [['mul', 0x0f008000], ['mla', 0x2f000000], ['mls', 0x2f004000], ['sqdmulh', 0x0f00c000], ['sqrdmulh', 0x0f00d000]] as const) {
  for (const a of pick('4h', '8h', '2s', '4s')) f(name, bits | a.bits, [vd(a), vn(a), elementIndexed(a.size)]);
}
// The widening ones: Vd.4s from Vn.4h (.h element) or Vd.2d from Vn.2s (.s element); Q = 1 takes the
// upper half of Vn (8h / 4s) and is the "2" mnemonic (SMULL2 ...). U selects unsigned; SQDMULL/SQDMLAL/
// SQDMLSL (opcodes 1011, 0011, 0111) are signed only.
for (const [name, bits] of [
  ['smlal', 0x0f002000], ['sqdmlal', 0x0f003000], ['smlsl', 0x0f006000], ['sqdmlsl', 0x0f007000], ['smull', 0x0f00a000],
  ['sqdmull', 0x0f00b000], ['umlal', 0x2f002000], ['umlsl', 0x2f006000], ['umull', 0x2f00a000],
] as const) {
  for (const [wide, narrow, upper] of [['4s', '4h', '8h'], ['2d', '2s', '4s']] as const) {
    const d = arrangements[wide]!;
    const n = arrangements[narrow]!;
    f(name, bits | (n.size << 22), [vd(d), vn(n), elementIndexed(n.size)]);
    f(`${name}2`, bits | (1 << 30) | (n.size << 22), [vd(d), vn(arrangements[upper]!), elementIndexed(n.size)]);
  }
}
// Three different (Arm ARM C4.1.6 "Advanced SIMD three different"): 0 Q U 01110 size 1 Rm opcode 00 Rn Rd,
// size the narrow element. Q = 1 reads (or, for the narrowing ones, writes) the upper half of the narrow
// register and is the "2" mnemonic. Long: wide from two narrow; wide: wide from wide and narrow; narrowing
// high half (..hn): narrow from two wide. SQDMULL/SQDMLAL/SQDMLSL have no byte form; PMULL's .1q from .1d
// needs FEAT_PMULL (the AES extension) and is not in the table.
const narrowToWide = [['8b', '16b', '8h'], ['4h', '8h', '4s'], ['2s', '4s', '2d']] as const;
for (const [name, bits, shape, sizes] of [
  ['saddl', 0x0e200000, 'long', [0, 1, 2]], ['saddw', 0x0e201000, 'wide', [0, 1, 2]], ['ssubl', 0x0e202000, 'long', [0, 1, 2]],
  ['ssubw', 0x0e203000, 'wide', [0, 1, 2]], ['addhn', 0x0e204000, 'narrow', [0, 1, 2]], ['sabal', 0x0e205000, 'long', [0, 1, 2]],
  ['subhn', 0x0e206000, 'narrow', [0, 1, 2]], ['sabdl', 0x0e207000, 'long', [0, 1, 2]], ['smlal', 0x0e208000, 'long', [0, 1, 2]],
  ['sqdmlal', 0x0e209000, 'long', [1, 2]], ['smlsl', 0x0e20a000, 'long', [0, 1, 2]], ['sqdmlsl', 0x0e20b000, 'long', [1, 2]],
  ['smull', 0x0e20c000, 'long', [0, 1, 2]], ['sqdmull', 0x0e20d000, 'long', [1, 2]], ['pmull', 0x0e20e000, 'long', [0]],
  ['uaddl', 0x2e200000, 'long', [0, 1, 2]], ['uaddw', 0x2e201000, 'wide', [0, 1, 2]], ['usubl', 0x2e202000, 'long', [0, 1, 2]],
  ['usubw', 0x2e203000, 'wide', [0, 1, 2]], ['raddhn', 0x2e204000, 'narrow', [0, 1, 2]], ['uabal', 0x2e205000, 'long', [0, 1, 2]],
  ['rsubhn', 0x2e206000, 'narrow', [0, 1, 2]], ['uabdl', 0x2e207000, 'long', [0, 1, 2]], ['umlal', 0x2e208000, 'long', [0, 1, 2]],
  ['umlsl', 0x2e20a000, 'long', [0, 1, 2]], ['umull', 0x2e20c000, 'long', [0, 1, 2]],
] as const) {
  for (const size of sizes) {
    const [lower, upper, wideName] = narrowToWide[size]!;
    for (const [suffix, q, narrowName] of [['', 0, lower], ['2', 1, upper]] as const) {
      const narrow = arrangements[narrowName]!;
      const wide = arrangements[wideName]!;
      const word = bits | (q << 30) | (size << 22);
      if (shape === 'long') f(`${name}${suffix}`, word, [vd(wide), vn(narrow), vm(narrow)]);
      else if (shape === 'wide') f(`${name}${suffix}`, word, [vd(wide), vn(wide), vm(narrow)]);
      else f(`${name}${suffix}`, word, [vd(narrow), vn(wide), vm(wide)]);
    }
  }
}
// Their scalar forms (Advanced SIMD scalar x indexed element, 01 U 11111 size L M Rm opcode H 0 Rn Rd):
// SQDMULH/SQRDMULH Hd, Hn / Sd, Sn; SQDMULL/SQDMLAL/SQDMLSL Sd, Hn / Dd, Sn.
for (const [name, bits, widening] of [
  ['sqdmulh', 0x5f00c000, false], ['sqrdmulh', 0x5f00d000, false], ['sqdmull', 0x5f00b000, true], ['sqdmlal', 0x5f003000, true], ['sqdmlsl', 0x5f007000, true],
] as const) {
  f(name, bits | 0x00400000, [fpr(widening ? C.S : C.H, 0), fpr(C.H, 5), elementIndexed(1)]);
  f(name, bits | 0x00800000, [fpr(widening ? C.D : C.S, 0), fpr(C.S, 5), elementIndexed(2)]);
}

// element moves: 0 Q op 01110000 imm5 0 imm4 1 Rn Rd
const elementArrangements = pick('8b', '16b', '4h', '8h', '2s', '4s', '2d');
for (const a of elementArrangements) {
  const q = a.q << 30;
  f('dup', 0x0e000400 | q, [vd(a), elementImm5(a.size, 5)]);
  f('dup', 0x0e000c00 | q | ((1 << a.size) << 16), [vd(a), (a.size === 3 ? X64 : W32).n]);
}
for (let size = 0; size < 4; size++) {
  const general = size === 3 ? X64 : W32;
  f('mov', 0x4e001c00, [elementImm5(size, 0), general.n]);
  f('ins', 0x4e001c00, [elementImm5(size, 0), general.n]);
  f('mov', 0x6e000400, [elementImm5(size, 0), elementImm4(size)]);
  f('ins', 0x6e000400, [elementImm5(size, 0), elementImm4(size)]);
  // DUP (element, scalar) writes one lane to a scalar register; assemblers spell it mov.
  f('mov', 0x5e000400, [fpr(scalarBySize[size]!, 0), elementImm5(size, 5)]);
  f('dup', 0x5e000400, [fpr(scalarBySize[size]!, 0), elementImm5(size, 5)]);
  if (size >= 2) f('mov', size === 3 ? 0x4e003c00 : 0x0e003c00, [general.d, elementImm5(size, 5)]);
  f('umov', size === 3 ? 0x4e003c00 : 0x0e003c00, [general.d, elementImm5(size, 5)]);
  if (size < 2) f('smov', 0x0e002c00, [W32.d, elementImm5(size, 5)]);
  if (size < 3) f('smov', 0x4e002c00, [X64.d, elementImm5(size, 5)]);
}

// EXT: 0 Q 101110 00 0 Rm 0 imm4 0 Rn Rd (the byte index must be within the vector)
f('ext', 0x2e000000, [vd(arrangements['8b']!), vn(arrangements['8b']!), vm(arrangements['8b']!), unsignedImmediate(11, 3, 1, 'index')]);
f('ext', 0x6e000000, [vd(arrangements['16b']!), vn(arrangements['16b']!), vm(arrangements['16b']!), unsignedImmediate(11, 4, 1, 'index')]);

// permutes: 0 Q 001110 size 0 Rm 0 opcode 10 Rn Rd
for (const [name, bits] of [['uzp1', 0x0e001800], ['trn1', 0x0e002800], ['zip1', 0x0e003800], ['uzp2', 0x0e005800], ['trn2', 0x0e006800], ['zip2', 0x0e007800]] as const) {
  for (const a of INTEGER) f(name, bits | a.bits, [vd(a), vn(a), vm(a)]);
}

// shifts by immediate: 0 Q U 011110 immh immb opcode 1 Rn Rd; immh's leading one gives the element size.
for (const a of INTEGER) {
  const q = a.q << 30;
  const elementBits = 8 << a.size;
  f('shl', 0x0f005400 | q, [vd(a), vn(a), leftShiftImmediate(elementBits)]);
  f('sshr', 0x0f000400 | q, [vd(a), vn(a), rightShiftImmediate(elementBits)]);
  f('ushr', 0x2f000400 | q, [vd(a), vn(a), rightShiftImmediate(elementBits)]);
}
// Scalar shifts by immediate (AdvSIMD scalar shift by immediate, 01 U 111110 immh immb opcode 1 Rn Rd):
// only the 64-bit element (immh = 1xxx) is allocated for SHL/SSHR/USHR.
f('shl', 0x5f005400, [fpr(C.D, 0), fpr(C.D, 5), leftShiftImmediate(64)]);
f('sshr', 0x5f000400, [fpr(C.D, 0), fpr(C.D, 5), rightShiftImmediate(64)]);
f('ushr', 0x7f000400, [fpr(C.D, 0), fpr(C.D, 5), rightShiftImmediate(64)]);

// LD1/ST1 (multiple structures): 0 Q 0011000 L 000000 opcode size Rn Rt; post-index adds 1 at bit 23 and Rm.
const listOpcodes = [0x7000, 0xa000, 0x6000, 0x2000];
for (const a of Object.values(arrangements)) {
  const q = a.q << 30;
  const bits = q | (a.size << 10);
  const bytesPerRegister = a.q === 1 ? 16 : 8;
  for (let count = 1; count <= 4; count++) {
    const opcode = listOpcodes[count - 1]!;
    for (const [name, base] of [['ld1', 0x0c400000], ['st1', 0x0c000000]] as const) {
      f(name, base | bits | opcode, [vectorList(count, a.cls), memoryBaseOnly]);
      f(name, base | 0x00800000 | (31 << 16) | bits | opcode, [vectorList(count, a.cls), memoryPostIndexBytes(bytesPerRegister * count)]);
      f(name, base | 0x00800000 | bits | opcode, [vectorList(count, a.cls), memoryPostIndexRegister]);
    }
  }
}


// LD2..LD4/ST2..ST4 (multiple structures): as LD1/ST1 above with opcode 1000 (2), 0100 (3), 0000 (4) registers,
// interleaving elements across the registers. No .1d form: one element per register cannot interleave.
for (const a of INTEGER) {
  const bits = (a.q << 30) | (a.size << 10);
  const bytesPerRegister = a.q === 1 ? 16 : 8;
  for (const [count, opcode] of [[2, 0x8000], [3, 0x4000], [4, 0x0000]] as const) {
    for (const [name, base] of [[`ld${count}`, 0x0c400000], [`st${count}`, 0x0c000000]] as const) {
      f(name, base | bits | opcode, [vectorList(count, a.cls), memoryBaseOnly]);
      f(name, base | 0x00800000 | (31 << 16) | bits | opcode, [vectorList(count, a.cls), memoryPostIndexBytes(bytesPerRegister * count)]);
      f(name, base | 0x00800000 | bits | opcode, [vectorList(count, a.cls), memoryPostIndexRegister]);
    }
  }
}

// LD1..LD4/ST1..ST4 (single structure): 0 Q 0011010 L R Rm|00000 opcode S size Rn Rt, one lane of 1..4
// registers. opcode<2:1> gives the element size (00 b, 01 h, 10 s and d), and opcode<0>:R the count - 1;
// post-index sets bit 23 and adds Rm. The lane is in Q:S:size (see laneList).
for (let size = 0; size < 4; size++) {
  const sizeBits = [0x0000, 0x4000, 0x8000, 0x8400][size]!;
  for (let count = 1; count <= 4; count++) {
    const countBits = (count >= 3 ? 0x2000 : 0) | (count % 2 === 0 ? 1 << 21 : 0);
    const bytes = count << size;
    for (const [name, base] of [[`ld${count}`, 0x0d400000], [`st${count}`, 0x0d000000]] as const) {
      const bits = base | sizeBits | countBits;
      f(name, bits, [laneList(count, size), memoryBaseOnly]);
      f(name, bits | 0x00800000 | (31 << 16), [laneList(count, size), memoryPostIndexBytes(bytes)]);
      f(name, bits | 0x00800000, [laneList(count, size), memoryPostIndexRegister]);
    }
  }
}

// LD1R..LD4R: load one structure and replicate it to every lane, opcode 11x with S = 0 (every arrangement).
for (const a of Object.values(arrangements)) {
  const elementBytes = 1 << a.size;
  for (let count = 1; count <= 4; count++) {
    const bits = 0x0d40c000 | (a.q << 30) | (a.size << 10) | (count >= 3 ? 0x2000 : 0) | (count % 2 === 0 ? 1 << 21 : 0);
    const name = `ld${count}r`;
    f(name, bits, [vectorList(count, a.cls), memoryBaseOnly]);
    f(name, bits | 0x00800000 | (31 << 16), [vectorList(count, a.cls), memoryPostIndexBytes(elementBytes * count)]);
    f(name, bits | 0x00800000, [vectorList(count, a.cls), memoryPostIndexRegister]);
  }
}

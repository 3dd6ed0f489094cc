/**
 * Operand classes as single bits, so a form's slot can say which operands it accepts with one mask and the
 * encoder can reject a form with one AND per operand.
 */
export const W = 1 << 0; // w0..w30
export const WZR = 1 << 1;
export const WSP = 1 << 2;
export const X = 1 << 3; // x0..x30
export const XZR = 1 << 4;
export const SP = 1 << 5;
export const B = 1 << 6; // scalar SIMD&FP views of v0..v31
export const H = 1 << 7;
export const S = 1 << 8;
export const D = 1 << 9;
export const Q = 1 << 10;
export const V8B = 1 << 11; // vector arrangements
export const V16B = 1 << 12;
export const V4H = 1 << 13;
export const V8H = 1 << 14;
export const V2S = 1 << 15;
export const V4S = 1 << 16;
export const V1D = 1 << 17;
export const V2D = 1 << 18;
export const ELEM_B = 1 << 19; // vector elements v0.b[i] .. v0.d[i]
export const ELEM_H = 1 << 20;
export const ELEM_S = 1 << 21;
export const ELEM_D = 1 << 22;
export const LIST = 1 << 23; // { v0.16b, v1.16b }
export const IMM = 1 << 24; // number or bigint
export const LABEL = 1 << 25;
export const MEM = 1 << 26;
export const SHIFT = 1 << 27; // lsl/lsr/asr/ror #n
export const EXTEND = 1 << 28; // uxtb..sxtx #n
export const COND = 1 << 29; // eq, ne, ...
export const NAMED = 1 << 30; // barrier options, system registers, dc/ic operations
export const LO12 = 1 << 31; // :lo12:label

/** Every vector arrangement class, in the order of `arrangementNames`. */
export const VECTOR_CLASSES = [V8B, V16B, V4H, V8H, V2S, V4S, V1D, V2D] as const;
export const ELEMENT_CLASSES = [ELEM_B, ELEM_H, ELEM_S, ELEM_D] as const;

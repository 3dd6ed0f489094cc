import { JitkitError } from '../errors.ts';
import * as C from './operand-classes.ts';

/** What kind of register an object is; used by the typed method signatures. */
export type RegisterKind =
  | 'w' | 'wzr' | 'wsp' | 'x' | 'xzr' | 'sp'
  | 'b' | 'h' | 's' | 'd' | 'q'
  | '8b' | '16b' | '4h' | '8h' | '2s' | '4s' | '1d' | '2d'
  | 'b[]' | 'h[]' | 's[]' | 'd[]';

/**
 * One register operand. Every register jitkit hands out is preallocated, so the encoder reads `cls` and
 * `index` from objects of a single shape and never allocates per instruction.
 */
export class Register<K extends RegisterKind = RegisterKind> {
  /** One bit from operand-classes.ts. */
  readonly cls: number;
  /** The 5-bit register number as encoded (31 for zr and sp alike). */
  readonly index: number;
  readonly kind: K;
  readonly name: string;
  /** Element index for `v0.s[1]`, else -1. */
  readonly lane: number;

  constructor(cls: number, index: number, kind: K, name: string, lane = -1) {
    this.cls = cls;
    this.index = index;
    this.kind = kind;
    this.name = name;
    this.lane = lane;
  }

  toString(): string {
    return this.name;
  }
}

export type GpRegister32 = Register<'w' | 'wzr'>;
export type GpRegister64 = Register<'x' | 'xzr'>;

const arrangementNames = ['8b', '16b', '4h', '8h', '2s', '4s', '1d', '2d'] as const;
const elementSuffixes = ['b', 'h', 's', 'd'] as const;
const lanesPerElement = [16, 8, 4, 2];

/**
 * `v0`..`v31` as a whole: pick an arrangement (`v0.s4` is `v0.4s`) or an element (`v0.s(1)` is `v0.s[1]`).
 * The bare register is not an operand: A64 always names an arrangement or a scalar view.
 */
export class VectorRegister {
  readonly cls = 0;
  readonly b8: Register<'8b'>;
  readonly b16: Register<'16b'>;
  readonly h4: Register<'4h'>;
  readonly h8: Register<'8h'>;
  readonly s2: Register<'2s'>;
  readonly s4: Register<'4s'>;
  readonly d1: Register<'1d'>;
  readonly d2: Register<'2d'>;
  readonly index: number;
  private readonly elements: Register[][];

  constructor(index: number) {
    this.index = index;
    const make = <K extends RegisterKind>(i: number): Register<K> =>
      new Register(C.VECTOR_CLASSES[i]!, index, arrangementNames[i] as K, `v${index}.${arrangementNames[i]}`);
    this.b8 = make(0);
    this.b16 = make(1);
    this.h4 = make(2);
    this.h8 = make(3);
    this.s2 = make(4);
    this.s4 = make(5);
    this.d1 = make(6);
    this.d2 = make(7);
    this.elements = elementSuffixes.map((suffix, size) =>
      Array.from({ length: lanesPerElement[size]! }, (_, lane) =>
        new Register(C.ELEMENT_CLASSES[size]!, index, `${suffix}[]` as RegisterKind, `v${index}.${suffix}[${lane}]`, lane)),
    );
  }

  /** The arrangement view by its assembler suffix (`'4s'`). */
  arrangement(name: (typeof arrangementNames)[number]): Register {
    return [this.b8, this.b16, this.h4, this.h8, this.s2, this.s4, this.d1, this.d2][arrangementNames.indexOf(name)]!;
  }

  /** Element `lane` of size 0 (b) .. 3 (d), or undefined when the lane does not exist. */
  element(size: number, lane: number): Register | undefined {
    return this.elements[size]?.[lane];
  }

  b(lane: number): Register<'b[]'> { return this.lane(0, lane) as Register<'b[]'>; }
  h(lane: number): Register<'h[]'> { return this.lane(1, lane) as Register<'h[]'>; }
  s(lane: number): Register<'s[]'> { return this.lane(2, lane) as Register<'s[]'>; }
  d(lane: number): Register<'d[]'> { return this.lane(3, lane) as Register<'d[]'>; }

  private lane(size: number, lane: number): Register {
    const element = this.element(size, lane);
    if (element === undefined) throw laneError(`v${this.index}`, size, lane);
    return element;
  }

  toString(): string {
    return `v${this.index}`;
  }
}

/** E_RANGE for a lane a 128-bit vector register does not have (`v0.s[4]`), naming the lanes it has. */
export function laneError(register: string, size: number, lane: unknown): JitkitError {
  const suffix = elementSuffixes[size];
  return new JitkitError('E_RANGE', `${register}.${suffix} has lanes 0..${lanesPerElement[size]! - 1} (a 128-bit register holds ${lanesPerElement[size]} .${suffix} elements), not ${String(lane)}`, { lane });
}

function range<T>(make: (i: number) => T): T[] {
  return Array.from({ length: 32 }, (_, i) => make(i));
}

/** w0..w30 then wzr at [31]. */
export const gp32: readonly GpRegister32[] = range((i) =>
  i === 31 ? new Register(C.WZR, 31, 'wzr', 'wzr') : new Register(C.W, i, 'w', `w${i}`));
/** x0..x30 then xzr at [31]. */
export const gp64: readonly GpRegister64[] = range((i) =>
  i === 31 ? new Register(C.XZR, 31, 'xzr', 'xzr') : new Register(C.X, i, 'x', `x${i}`));
export const wsp: Register<'wsp'> = new Register(C.WSP, 31, 'wsp', 'wsp');
export const sp: Register<'sp'> = new Register(C.SP, 31, 'sp', 'sp');
export const fp8: readonly Register<'b'>[] = range((i) => new Register(C.B, i, 'b', `b${i}`));
export const fp16: readonly Register<'h'>[] = range((i) => new Register(C.H, i, 'h', `h${i}`));
export const fp32: readonly Register<'s'>[] = range((i) => new Register(C.S, i, 's', `s${i}`));
export const fp64: readonly Register<'d'>[] = range((i) => new Register(C.D, i, 'd', `d${i}`));
export const fp128: readonly Register<'q'>[] = range((i) => new Register(C.Q, i, 'q', `q${i}`));
export const vectors: readonly VectorRegister[] = range((i) => new VectorRegister(i));

export const [w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15,
  w16, w17, w18, w19, w20, w21, w22, w23, w24, w25, w26, w27, w28, w29, w30] = gp32 as Register<'w'>[];
export const wzr = gp32[31] as Register<'wzr'>;
export const [x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15,
  x16, x17, x18, x19, x20, x21, x22, x23, x24, x25, x26, x27, x28, x29, x30] = gp64 as Register<'x'>[];
export const xzr = gp64[31] as Register<'xzr'>;
export const [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15,
  b16, b17, b18, b19, b20, b21, b22, b23, b24, b25, b26, b27, b28, b29, b30, b31] = fp8 as Register<'b'>[];
export const [h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15,
  h16, h17, h18, h19, h20, h21, h22, h23, h24, h25, h26, h27, h28, h29, h30, h31] = fp16 as Register<'h'>[];
export const [s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15,
  s16, s17, s18, s19, s20, s21, s22, s23, s24, s25, s26, s27, s28, s29, s30, s31] = fp32 as Register<'s'>[];
export const [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15,
  d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30, d31] = fp64 as Register<'d'>[];
export const [q0, q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12, q13, q14, q15,
  q16, q17, q18, q19, q20, q21, q22, q23, q24, q25, q26, q27, q28, q29, q30, q31] = fp128 as Register<'q'>[];
export const [v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15,
  v16, v17, v18, v19, v20, v21, v22, v23, v24, v25, v26, v27, v28, v29, v30, v31] = vectors as VectorRegister[];
/** AAPCS64 names: the frame pointer and link register. */
export const fp = x29!;
export const lr = x30!;

const byName = new Map<string, Register>();
for (const list of [gp32, gp64, fp8, fp16, fp32, fp64, fp128]) for (const r of list) byName.set(r.name, r);
byName.set('wsp', wsp);
byName.set('sp', sp);
byName.set('fp', fp);
byName.set('lr', lr);
for (const v of vectors) {
  for (const name of arrangementNames) byName.set(`v${v.index}.${name}`, v.arrangement(name));
}

/** Looks a register up by its assembler name (`x0`, `wzr`, `v3.4s`, `fp`); case-insensitive. */
export function registerByName(name: string): Register | undefined {
  // toLowerCase returns the string itself when it is lower case already, so most names take one lookup.
  return byName.get(name.toLowerCase());
}
export { arrangementNames, elementSuffixes };

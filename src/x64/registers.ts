import { JitkitError } from '../errors.ts';
import { Kind } from './operand-kind.ts';

/** Register flags that change how an operand may be encoded. */
export const RegisterFlag = {
  NONE: 0,
  /** spl/bpl/sil/dil: only addressable with a REX prefix (without one, codes 4-7 mean ah/ch/dh/bh). */
  NEEDS_REX: 1,
  /** ah/ch/dh/bh: only addressable without a REX prefix. */
  HIGH_BYTE: 2,
  /** The instruction pointer, usable only as a memory base (`[rip + disp32]`). */
  RIP: 4,
  /** Vector and opmask registers, the ones AVX-512 can write under a mask. */
  MASKABLE: 8,} as const;
export type RegisterFlag = number;

declare const registerClass: unique symbol;

/**
 * A machine register. All registers share this one runtime class (so the encoder's property reads stay
 * monomorphic); the register classes below are type-level brands. Instances are created once at load
 * time, so passing a register to the assembler allocates nothing.
 *
 * `kind` is the operand-kind bit set (operand-kind.ts), `id` the hardware number (0-31) that the encoder
 * splits across ModRM and the REX/VEX/EVEX extension bits. `decoration` is non-zero only on the masked
 * copies made by `k()`/`z()`: bits 0-2 hold the opmask register number, bit 3 the zeroing flag.
 */
export class Register {
  // Every field has an initializer of its final type. A declared-only field is first defined as
  // `undefined` (ES2022 class fields), so V8 would widen its representation from Smi to "any tagged
  // value", and every load in the encoders would carry a Smi check and untagging. `kind` and
  // `decoration` come first, at the same offsets as on Memory, so a load that sees both classes is one
  // map check and one load.
  readonly kind: number = 0;
  decoration = 0;
  readonly id: number = 0;
  /** Width in bytes. */
  readonly size: number = 0;
  readonly flags: number = 0;
  readonly name: string = '';
  /** The undecorated register this copy was made from (itself when undecorated). */
  plain: Register = this;
  private decorated: Array<Register | undefined> | null = null;

  constructor(name: string, kind: number, id: number, size: number, flags: number) {
    this.name = name;
    this.kind = kind;
    this.id = id;
    this.size = size;
    this.flags = flags;
  }

  /**
   * This register written under opmask `mask` (k1-k7): `zmm1.k(k2)`. Only vector and opmask registers
   * take a mask; k0 is rejected because EVEX.aaa = 0 means "no masking".
   */
  k(mask: Register): this {
    if ((this.flags & RegisterFlag.MASKABLE) === 0) {
      throw new JitkitError('E_OPERANDS', `${this.plain.name} cannot be masked; only xmm/ymm/zmm and k registers take {k}`);
    }
    if (!(mask instanceof Register) || mask.kind !== Kind.K || mask.decoration !== 0 || mask.id === 0) {
      throw new JitkitError('E_OPERANDS', `${this.plain.name}.k(${String(mask)}): the write mask must be one of k1-k7 (EVEX.aaa = 0 means "no masking")`);
    }
    return this.plain.variant(mask.id | (this.decoration & 8)) as this;
  }

  /** Zeroing-masking: elements whose mask bit is clear are zeroed instead of kept. Needs a mask first. */
  z(): this {
    if ((this.decoration & 7) === 0) {
      throw new JitkitError('E_OPERANDS', `${this.plain.name}.z(): zeroing needs a write mask first, e.g. ${this.plain.name}.k(k1).z()`);
    }
    return this.plain.variant(this.decoration | 8) as this;
  }

  /** The opmask register number of a masked copy (0 when unmasked). */
  get mask(): number {
    return this.decoration & 7;
  }

  get zeroing(): boolean {
    return (this.decoration & 8) !== 0;
  }

  private variant(decoration: number): Register {
    const cache = (this.decorated ??= new Array<Register | undefined>(16).fill(undefined));
    let copy = cache[decoration];
    if (copy === undefined) {
      copy = new Register(this.name, this.kind, this.id, this.size, this.flags);
      copy.decoration = decoration;
      copy.plain = this;
      cache[decoration] = copy;
    }
    return copy;
  }

  toString(): string {
    const mask = this.decoration & 7;
    if (mask === 0) return this.name;
    return `${this.name} {k${mask}}${this.decoration & 8 ? ' {z}' : ''}`;
  }
}

export type Gp8 = Register & { readonly [registerClass]: 'gp8' };
export type Gp16 = Register & { readonly [registerClass]: 'gp16' };
export type Gp32 = Register & { readonly [registerClass]: 'gp32' };
export type Gp64 = Register & { readonly [registerClass]: 'gp64' };
export type Xmm = Register & { readonly [registerClass]: 'xmm' };
export type Ymm = Register & { readonly [registerClass]: 'ymm' };
export type Zmm = Register & { readonly [registerClass]: 'zmm' };
export type KReg = Register & { readonly [registerClass]: 'k' };
export type Rip = Register & { readonly [registerClass]: 'rip' };
export type Gp = Gp8 | Gp16 | Gp32 | Gp64;
export type VectorRegister = Xmm | Ymm | Zmm;

/** Segment registers usable as memory overrides. Only fs and gs have a base in 64-bit mode. */
export class SegmentRegister {
  readonly name: 'fs' | 'gs';
  /** The override prefix byte. */
  readonly prefix: number;
  constructor(name: 'fs' | 'gs', prefix: number) {
    this.name = name;
    this.prefix = prefix;
  }
  toString(): string {
    return this.name;
  }
}

const GP64_NAMES = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi'];
const GP32_NAMES = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
const GP16_NAMES = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const GP8_NAMES = ['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil'];

function build<T extends Register>(count: number, make: (id: number) => Register): T[] {
  const out: T[] = [];
  for (let id = 0; id < count; id++) out.push(make(id) as T);
  return out;
}

export const GP64: readonly Gp64[] = build(16, (id) =>
  new Register(id < 8 ? GP64_NAMES[id]! : `r${id}`, Kind.R64 | (id === 0 ? Kind.RAX : 0), id, 8, 0));
export const GP32: readonly Gp32[] = build(16, (id) =>
  new Register(id < 8 ? GP32_NAMES[id]! : `r${id}d`, Kind.R32 | (id === 0 ? Kind.EAX : 0), id, 4, 0));
export const GP16: readonly Gp16[] = build(16, (id) =>
  new Register(id < 8 ? GP16_NAMES[id]! : `r${id}w`, Kind.R16 | (id === 0 ? Kind.AX : 0), id, 2, 0));
export const GP8: readonly Gp8[] = build(16, (id) =>
  new Register(
    id < 8 ? GP8_NAMES[id]! : `r${id}b`,
    Kind.R8 | (id === 0 ? Kind.AL : 0) | (id === 1 ? Kind.CL : 0),
    id,
    1,
    id >= 4 && id < 8 ? RegisterFlag.NEEDS_REX : 0,
  ));
/** ah, ch, dh, bh: register numbers 4-7 when no REX prefix is present. */
export const GP8_HIGH: readonly Gp8[] = ['ah', 'ch', 'dh', 'bh'].map((name, i) => new Register(name, Kind.R8, 4 + i, 1, RegisterFlag.HIGH_BYTE) as Gp8);
export const XMM: readonly Xmm[] = build(32, (id) => new Register(`xmm${id}`, (id < 16 ? Kind.XMM : Kind.XMM_HI) | (id === 0 ? Kind.XMM0 : 0), id, 16, RegisterFlag.MASKABLE));
export const YMM: readonly Ymm[] = build(32, (id) => new Register(`ymm${id}`, id < 16 ? Kind.YMM : Kind.YMM_HI, id, 32, RegisterFlag.MASKABLE));
export const ZMM: readonly Zmm[] = build(32, (id) => new Register(`zmm${id}`, Kind.ZMM, id, 64, RegisterFlag.MASKABLE));
export const KREGS: readonly KReg[] = build(8, (id) => new Register(`k${id}`, Kind.K, id, 8, RegisterFlag.MASKABLE));

export const rip = new Register('rip', 0, 5, 8, RegisterFlag.RIP) as Rip;
export const fs = new SegmentRegister('fs', 0x64);
export const gs = new SegmentRegister('gs', 0x65);

const byName = new Map<string, Register | SegmentRegister>();
for (const list of [GP64, GP32, GP16, GP8, GP8_HIGH, XMM, YMM, ZMM, KREGS] as const) {
  for (const register of list) byName.set(register.name, register);
}
// Intel's alternative names for the low bytes of r8-r15
for (let id = 8; id < 16; id++) byName.set(`r${id}l`, GP8[id]!);
byName.set('rip', rip);
byName.set('fs', fs);
byName.set('gs', gs);

/** Looks a register up by its (case-insensitive) name: `registerByName('r12d')`. Undefined when unknown. */
export function registerByName(name: string): Register | SegmentRegister | undefined {
  return byName.get(name.toLowerCase());
}

export function isGp64(value: unknown): value is Gp64 {
  return value instanceof Register && (value.kind & Kind.R64) !== 0;
}

export function isVectorRegister(value: unknown): value is VectorRegister {
  return value instanceof Register && (value.kind & (Kind.XMM | Kind.XMM_HI | Kind.YMM | Kind.YMM_HI | Kind.ZMM)) !== 0;
}

export const [rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15] = GP64 as Gp64[];
export const [eax, ecx, edx, ebx, esp, ebp, esi, edi, r8d, r9d, r10d, r11d, r12d, r13d, r14d, r15d] = GP32 as Gp32[];
export const [ax, cx, dx, bx, sp, bp, si, di, r8w, r9w, r10w, r11w, r12w, r13w, r14w, r15w] = GP16 as Gp16[];
export const [al, cl, dl, bl, spl, bpl, sil, dil, r8b, r9b, r10b, r11b, r12b, r13b, r14b, r15b] = GP8 as Gp8[];
export const [ah, ch, dh, bh] = GP8_HIGH as Gp8[];
export const [
  xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7, xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15,
  xmm16, xmm17, xmm18, xmm19, xmm20, xmm21, xmm22, xmm23, xmm24, xmm25, xmm26, xmm27, xmm28, xmm29, xmm30, xmm31,
] = XMM as Xmm[];
export const [
  ymm0, ymm1, ymm2, ymm3, ymm4, ymm5, ymm6, ymm7, ymm8, ymm9, ymm10, ymm11, ymm12, ymm13, ymm14, ymm15,
  ymm16, ymm17, ymm18, ymm19, ymm20, ymm21, ymm22, ymm23, ymm24, ymm25, ymm26, ymm27, ymm28, ymm29, ymm30, ymm31,
] = YMM as Ymm[];
export const [
  zmm0, zmm1, zmm2, zmm3, zmm4, zmm5, zmm6, zmm7, zmm8, zmm9, zmm10, zmm11, zmm12, zmm13, zmm14, zmm15,
  zmm16, zmm17, zmm18, zmm19, zmm20, zmm21, zmm22, zmm23, zmm24, zmm25, zmm26, zmm27, zmm28, zmm29, zmm30, zmm31,
] = ZMM as Zmm[];
export const [k0, k1, k2, k3, k4, k5, k6, k7] = KREGS as KReg[];

import { JitkitError } from '../errors.ts';
import { Label } from '../asm/label.ts';
import { Kind } from './operand-kind.ts';
import { isGp64, isVectorRegister, Register, RegisterFlag, SegmentRegister } from './registers.ts';
import type { Gp64, Rip, Xmm, Ymm, Zmm } from './registers.ts';

/** Operand sizes a memory reference can carry, in bytes (0 = not stated). */
export type MemorySize = 0 | 1 | 2 | 4 | 8 | 16 | 32 | 64;
export type Scale = 1 | 2 | 4 | 8;
export type IndexRegister = Gp64 | Xmm | Ymm | Zmm;

const SIZE_NAMES: Record<number, string> = { 0: '', 1: 'byte', 2: 'word', 4: 'dword', 8: 'qword', 16: 'xmmword', 32: 'ymmword', 64: 'zmmword' };
const SIZE_KIND: Record<number, number> = {
  0: Kind.MEM_UNSIZED, 1: Kind.M8, 2: Kind.M16, 4: Kind.M32, 8: Kind.M64, 16: Kind.M128, 32: Kind.M256, 64: Kind.M512,
};

/** Everything a memory reference can say, for callers that build one from parsed text. */
export interface MemorySpec {
  size?: MemorySize;
  base?: Gp64 | Rip | null;
  index?: IndexRegister | null;
  scale?: Scale;
  disp?: number;
  /** RIP-relative reference to a label (the displacement is added to the label's address). */
  label?: Label | null;
  segment?: SegmentRegister | null;
  /** Embedded broadcast `{1toN}` (EVEX only). 0 = none. */
  broadcast?: number;
  /** A 64-bit absolute address (moffs, `movabs` only); then no base, index, displacement or label. */
  absolute?: bigint | null;
}

const TWO_POW_63 = 1n << 63n;
const TWO_POW_64 = 1n << 64n;

/**
 * A memory operand `size ptr segment:[base + index*scale + disp]`, or `[rip + label + disp]`, or
 * `size ptr segment:[address]` with a 64-bit absolute address (moffs), which only `movabs` with
 * al/ax/eax/rax takes (opcodes A0-A3: the address follows the opcode, there is no ModRM to hold a base).
 *
 * Validated once when built: the assembler's hot path trusts these fields. The `*Id` fields are the
 * register numbers the encoder splits over ModRM/SIB and the REX/VEX/EVEX extension bits (-1: absent).
 */
export class Memory<S extends MemorySize = MemorySize> {
  // Initializers of the final types, for the reason given on Register: a declared-only field starts as
  // `undefined` and V8 then stores every number here as a generic tagged value. `kind` and `decoration`
  // sit at the same offsets as on Register.
  readonly kind: number = 0;
  /** Opmask of a masked store (`vmovups zmmword ptr [rax] {k1}, zmm0`); bits as on registers. */
  readonly decoration: number = 0;

  /**
   * The address bytes precomputed for the specialised encoders (assembler-methods.generated.ts), valid
   * when `direct` is true: ModRM without its reg field, the SIB byte (-1: none), how many displacement
   * bytes follow (0, 1, 4) at the unscaled disp8, and the REX.X/REX.B bits (X in bit 1, B in bit 0).
   * Not direct: a label (needs a fixup), a segment override, or a vector index (VSIB); those take the
   * generic encoder.
   */
  readonly direct: boolean = false;
  readonly modrm: number = 0;
  readonly sib: number = -1;
  readonly dispBytes: number = 0;
  readonly rexXB: number = 0;
  readonly disp: number = 0;

  readonly baseId: number = -1;
  readonly indexId: number = -1;
  /** SIB.scale: log2 of the scale factor. */
  readonly scaleBits: number = 0;
  readonly size: S = 0 as S;
  readonly base: Gp64 | Rip | null = null;
  readonly index: IndexRegister | null = null;
  readonly scale: Scale = 1;
  /** RIP-relative target, or null. */
  readonly label: Label | null = null;
  readonly segment: SegmentRegister | null = null;
  /** `{1toN}` count; -1 = broadcast with N inferred from the instruction; 0 = no broadcast. */
  readonly broadcast: number = 0;
  /** VSIB shape (see `vsibFits`) when the index is a vector register, the moffs shape for an absolute address, else 0. */
  readonly vsib: number = 0;
  /** The 64-bit absolute address of a moffs operand, as an unsigned bigint, or null. */
  readonly absolute: bigint | null = null;

  constructor(
    size: S,
    base: Gp64 | Rip | null,
    index: IndexRegister | null,
    scale: Scale,
    disp: number,
    label: Label | null,
    segment: SegmentRegister | null,
    broadcast: number,
    decoration = 0,
    absolute: bigint | null = null,
  ) {
    this.size = size;
    this.base = base;
    this.index = index;
    this.scale = scale;
    this.disp = disp;
    this.label = label;
    this.segment = segment;
    this.broadcast = broadcast;
    const baseIsRip = base !== null && (base.flags & RegisterFlag.RIP) !== 0;
    if (base !== null && !isGp64(base) && !baseIsRip) {
      throw new JitkitError('E_OPERANDS', `memory base ${String(base)} must be a 64-bit register or rip`);
    }
    if (index !== null) {
      if (!(isGp64(index) || isVectorRegister(index)) || index.decoration !== 0) {
        throw new JitkitError('E_OPERANDS', `memory index ${String(index)} must be a 64-bit register (or a vector register for gathers)`);
      }
      // SIB.index = 100 with REX.X = 0 means "no index", so rsp cannot be scaled
      if (isGp64(index) && index.id === 4) {
        throw new JitkitError('E_OPERANDS', 'rsp cannot be a memory index (SIB index 100 means "none"); swap it into the base');
      }
      if (baseIsRip) throw new JitkitError('E_OPERANDS', 'rip-relative memory cannot have an index register');
    }
    if (scale !== 1 && scale !== 2 && scale !== 4 && scale !== 8) {
      throw new JitkitError('E_OPERANDS', `memory scale ${String(scale)} must be 1, 2, 4 or 8`);
    }
    if (!Number.isInteger(disp) || disp < -0x80000000 || disp > 0x7fffffff) {
      throw new JitkitError('E_RANGE', `memory displacement ${disp} does not fit a signed 32-bit field`);
    }
    if (label !== null && (base !== null || index !== null)) {
      throw new JitkitError('E_OPERANDS', 'a label reference is RIP-relative and cannot have a base or index register');
    }
    if (SIZE_KIND[size] === undefined) throw new JitkitError('E_OPERANDS', `memory size ${String(size)} is not one of 1, 2, 4, 8, 16, 32, 64`);
    if (broadcast !== 0) {
      if (size !== 4 && size !== 8) {
        throw new JitkitError('E_OPERANDS', 'an embedded broadcast needs a dword or qword element: dword(rax).broadcastTo(16)');
      }
      if (broadcast !== -1 && ![2, 4, 8, 16].includes(broadcast)) throw new JitkitError('E_OPERANDS', `{1to${broadcast}} is not a broadcast EVEX can express`);
    }
    if (absolute !== null) {
      if (typeof absolute !== 'bigint') throw new JitkitError('E_OPERANDS', `a 64-bit absolute address must be a bigint, not ${String(absolute)}`);
      if (base !== null || index !== null || label !== null || disp !== 0) {
        throw new JitkitError('E_OPERANDS', 'a 64-bit absolute address (moffs) stands alone: no base, index, displacement or label');
      }
      if (broadcast !== 0) throw new JitkitError('E_OPERANDS', 'a 64-bit absolute address (moffs) cannot be broadcast');
      if (absolute < -TWO_POW_63 || absolute >= TWO_POW_64) {
        throw new JitkitError('E_RANGE', `the absolute address ${String(absolute)} does not fit 64 bits`);
      }
      this.absolute = BigInt.asUintN(64, absolute);
    }
    const vectorIndex = index !== null && isVectorRegister(index);
    if (vectorIndex && broadcast !== 0) throw new JitkitError('E_OPERANDS', 'a vector-indexed (VSIB) memory operand cannot be broadcast');
    this.vsib = vectorIndex ? ((index!.kind & (Kind.XMM | Kind.XMM_HI)) !== 0 ? 1 : (index!.kind & (Kind.YMM | Kind.YMM_HI)) !== 0 ? 2 : 3) | (index!.id >= 16 ? 4 : 0) | (size << 3) : absolute !== null ? size << 3 : 0;
    this.kind = vectorIndex ? Kind.VSIB : absolute !== null ? Kind.MOFFS : broadcast !== 0 ? (size === 4 ? Kind.B32 : Kind.B64) : SIZE_KIND[size]!;
    this.baseId = label !== null || baseIsRip ? 16 : base === null ? -1 : base.id;
    this.indexId = index === null ? -1 : index.id;
    this.scaleBits = scale === 1 ? 0 : scale === 2 ? 1 : scale === 4 ? 2 : 3;
    this.decoration = decoration;
    // a masked store destination is left to the generic encoder, which checks the form takes a mask
    this.direct = label === null && segment === null && !vectorIndex && decoration === 0 && absolute === null;
    const baseId = this.baseId;
    const indexId = this.indexId;
    this.rexXB = (indexId >= 0 ? ((indexId >> 3) & 1) << 1 : 0) | (baseId >= 0 && baseId < 16 ? (baseId >> 3) & 1 : 0);
    if (baseId === 16) {
      // mod=00 rm=101 is RIP + disp32 in 64-bit mode
      this.modrm = 5;
      this.sib = -1;
      this.dispBytes = 4;
    } else if (baseId < 0) {
      // no base: rm=100 selects a SIB byte whose base=101 with mod=00 means "disp32, no base"
      this.modrm = 4;
      this.sib = indexId < 0 ? 0x25 : (this.scaleBits << 6) | ((indexId & 7) << 3) | 5;
      this.dispBytes = 4;
    } else {
      // rbp/r13 as a base with mod=00 would mean RIP/disp32, so they always carry at least a disp8 of 0
      const mod = disp === 0 && (baseId & 7) !== 5 ? 0 : disp >= -128 && disp <= 127 ? 1 : 2;
      this.dispBytes = mod === 0 ? 0 : mod === 1 ? 1 : 4;
      // rm=100 means "a SIB byte follows", so rsp/r12 as a base are only expressible through SIB (index 100: none)
      const needsSib = indexId >= 0 || (baseId & 7) === 4;
      this.modrm = (mod << 6) | (needsSib ? 4 : baseId & 7);
      this.sib = needsSib ? (indexId < 0 ? 0x20 : (this.scaleBits << 6) | ((indexId & 7) << 3)) | (baseId & 7) : -1;
    }
  }

  get isRipRelative(): boolean {
    return this.baseId === 16;
  }

  /** Embedded broadcast of this element: `dword(rax).broadcastTo()` is `dword ptr [rax]{1toN}`; N is inferred from the instruction unless given. */
  broadcastTo(count = -1): Memory<S> {
    return new Memory(this.size, this.base, this.index, this.scale, this.disp, this.label, this.segment, count, 0, this.absolute);
  }

  /** Same reference through the fs or gs segment base. */
  withSegment(segment: SegmentRegister): Memory<S> {
    return new Memory(this.size, this.base, this.index, this.scale, this.disp, this.label, segment, this.broadcast, 0, this.absolute);
  }

  /** Same reference with another size (`[rax]` → `dword ptr [rax]`). */
  withSize<T extends MemorySize>(size: T): Memory<T> {
    return new Memory(size, this.base, this.index, this.scale, this.disp, this.label, this.segment, this.broadcast, 0, this.absolute);
  }

  /** A masked store destination: `zmmword(rax).k(k1)`. Stores support merge-masking only. */
  k(mask: Register): Memory<S> {
    if (!(mask instanceof Register) || mask.kind !== Kind.K || mask.id === 0) throw new JitkitError('E_OPERANDS', 'the write mask must be one of k1-k7');
    const copy = new Memory(this.size, this.base, this.index, this.scale, this.disp, this.label, this.segment, this.broadcast, mask.id, this.absolute);
    return copy;
  }

  toString(): string {
    const parts: string[] = [];
    if (this.label !== null) parts.push('rip', String(this.label));
    else if (this.base !== null) parts.push(this.base.name);
    if (this.index !== null) parts.push(this.scale === 1 ? this.index.name : `${this.index.name}*${this.scale}`);
    let text = parts.join(' + ');
    if (this.absolute !== null) text = `0x${this.absolute.toString(16)}`;
    else if (this.disp !== 0 || text === '') text += text === '' ? String(this.disp) : this.disp < 0 ? ` - ${-this.disp}` : ` + ${this.disp}`;
    const sizeName = SIZE_NAMES[this.size];
    const segment = this.segment !== null ? `${this.segment.name}:` : '';
    const mask = this.decoration !== 0 ? ` {k${this.decoration & 7}}` : '';
    const broadcast = this.broadcast !== 0 ? `{1to${this.broadcast === -1 ? 'N' : this.broadcast}}` : '';
    return `${sizeName ? `${sizeName} ptr ` : ''}${segment}[${text}]${broadcast}${mask}`;
  }
}

export type Memory8 = Memory<1>;
export type Memory16 = Memory<2>;
export type Memory32 = Memory<4>;
export type Memory64 = Memory<8>;
export type Memory128 = Memory<16>;
export type Memory256 = Memory<32>;
export type Memory512 = Memory<64>;
export type MemoryUnsized = Memory<0>;

/**
 * Builds a memory operand of `size`. Accepted shapes:
 * `(base)`, `(base, disp)`, `(base, index, scale?, disp?)`, `(null, index, scale, disp?)`,
 * `(label, disp?)` (RIP-relative), `(rip, disp)`, `(address)` (absolute 32-bit, sign-extended), `(address)`
 * as a bigint (absolute 64-bit, moffs: `movabs rax, qword(0x1122334455667788n)`), or a `MemorySpec` object.
 */
export function memoryOf<S extends MemorySize>(
  size: S,
  first: Gp64 | Rip | Label | MemorySpec | number | bigint | null,
  second?: IndexRegister | number,
  scale?: Scale,
  disp?: number,
): Memory<S> {
  if (first instanceof Register) {
    if (second === undefined || typeof second === 'number') {
      return new Memory(size, first as Gp64 | Rip, null, 1, second ?? 0, null, null, 0);
    }
    return new Memory(size, first as Gp64 | Rip, second, scale ?? 1, disp ?? 0, null, null, 0);
  }
  if (first === null) {
    if (!(second instanceof Register)) throw new JitkitError('E_OPERANDS', 'memory without a base needs an index register');
    return new Memory(size, null, second, scale ?? 1, disp ?? 0, null, null, 0);
  }
  if (first instanceof Label) {
    if (second !== undefined && typeof second !== 'number') throw new JitkitError('E_OPERANDS', 'a label reference is RIP-relative and takes no index');
    return new Memory(size, null, null, 1, second ?? 0, first, null, 0);
  }
  if (typeof first === 'number') return new Memory(size, null, null, 1, first, null, null, 0);
  if (typeof first === 'bigint') {
    if (second !== undefined) throw new JitkitError('E_OPERANDS', 'a 64-bit absolute address (moffs) takes no index or displacement');
    return new Memory(size, null, null, 1, 0, null, null, 0, 0, first);
  }
  const spec = first;
  return new Memory(
    spec.size ?? size,
    spec.base ?? null,
    spec.index ?? null,
    spec.scale ?? 1,
    spec.disp ?? 0,
    spec.label ?? null,
    spec.segment ?? null,
    spec.broadcast ?? 0,
    0,
    spec.absolute ?? null,
  ) as Memory<S>;
}

type MemoryBuilder<S extends MemorySize> = {
  (base: Gp64 | Rip, disp?: number): Memory<S>;
  (base: Gp64 | null, index: IndexRegister, scale?: Scale, disp?: number): Memory<S>;
  (label: Label, disp?: number): Memory<S>;
  (address: number): Memory<S>;
  /** A 64-bit absolute address (moffs), for `movabs` with al/ax/eax/rax. */
  (address: bigint): Memory<S>;
  (spec: MemorySpec): Memory<S>;
};

function builder<S extends MemorySize>(size: S): MemoryBuilder<S> {
  return ((first: Gp64 | Rip | Label | MemorySpec | number | bigint | null, second?: IndexRegister | number, scale?: Scale, disp?: number) =>
    memoryOf(size, first, second, scale, disp)) as MemoryBuilder<S>;
}

/** Unsized memory: the size comes from the other operands (`mov eax, ptr(rdi)`), or is not needed (`lea`). */
export const ptr = builder(0);
export const byte = builder(1);
export const word = builder(2);
export const dword = builder(4);
export const qword = builder(8);
export const xmmword = builder(16);
export const ymmword = builder(32);
export const zmmword = builder(64);

export function memorySizeName(size: number): string {
  return SIZE_NAMES[size] ?? `${size}-byte`;
}

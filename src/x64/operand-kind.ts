/**
 * Integer-coded operand kinds.
 *
 * Every operand carries a bit set describing what it is (`eax` is both a 32-bit GP register and the
 * 32-bit accumulator), and every operand slot of an instruction form carries the bit set it accepts.
 * Matching an operand to a slot is one AND, which keeps form selection allocation-free and branch-light.
 * All bits stay below bit 30 so the values remain V8 small integers.
 */
export const Kind = {
  R8: 1 << 0,
  R16: 1 << 1,
  R32: 1 << 2,
  R64: 1 << 3,
  /** The accumulator registers, for the short `al/ax/eax/rax, imm` forms. */
  AL: 1 << 4,
  AX: 1 << 5,
  EAX: 1 << 6,
  RAX: 1 << 7,
  /** `cl`, the only register a shift count can live in. */
  CL: 1 << 8,
  /** xmm0-15 / ymm0-15: reachable by legacy SSE, VEX and EVEX. */
  XMM: 1 << 9,
  YMM: 1 << 10,
  ZMM: 1 << 11,
  /** xmm16-31 / ymm16-31: only EVEX has the extra register bits (EVEX.R', EVEX.V', EVEX.X). */
  XMM_HI: 1 << 12,
  YMM_HI: 1 << 13,
  /** Opmask registers k0-k7. */
  K: 1 << 14,
  M8: 1 << 15,
  M16: 1 << 16,
  M32: 1 << 17,
  M64: 1 << 18,
  M128: 1 << 19,
  M256: 1 << 20,
  M512: 1 << 21,
  /** Memory written without a size (`[rax]`); accepted where the size is implied by the other operands. */
  MEM_UNSIZED: 1 << 22,
  /** Memory with an embedded broadcast (`dword ptr [rax]{1toN}`), by element size. */
  B32: 1 << 23,
  B64: 1 << 24,
  /** An immediate (JS number or bigint). Its range is checked against the form's immediate class. */
  IMM: 1 << 25,
  /** A branch target: a Label, or an absolute address given as a bigint. */
  REL: 1 << 26,
  /** xmm0 itself: the implicit third operand of the SSE4.1 variable blends. */
  XMM0: 1 << 27,
  /**
   * No operand in this slot. Only the matcher uses it: an absent operand has this kind and a form's
   * unused slots accept only it, so operand count is checked by the same AND as the operand kinds.
   */
  NONE: 1 << 28,
  /**
   * Memory indexed by a vector register (VSIB, for gathers and scatters). Such an operand matches no
   * other form, and which VSIB forms take it (index width, operand size) is checked with `vsibFits`.
   */
  VSIB: 1 << 29,
  /**
   * A 64-bit absolute address (moffs: `movabs rax, qword ptr [0x1122334455667788]`, opcodes A0-A3, the
   * address written after the opcode with no ModRM). It shares the VSIB bit, since every bit below 30 is
   * taken: both are memory operands that only the forms written for them take, and their shape codes
   * (index width 0 here, see `vsibFits`) keep them apart.
   */
  MOFFS: 1 << 29,
} as const;
export type Kind = number;

/** Memory of any size, for the forms that only compute or touch an address (`lea`, `clflush`). */
export const MEM_ANY = Kind.M8 | Kind.M16 | Kind.M32 | Kind.M64 | Kind.M128 | Kind.M256 | Kind.M512 | Kind.MEM_UNSIZED;
/** Every memory kind, including broadcasts and VSIB: an operand with one of these bits is a Memory. */
export const MEM_KINDS = MEM_ANY | Kind.B32 | Kind.B64 | Kind.VSIB;

/**
 * VSIB shape codes, on a Memory (`Memory.vsib`) and on a form (`Form.vsib`): bits 0-1 the index width
 * (1 xmm, 2 ymm, 3 zmm; 0 for a moffs address, which has no index), bits 3+ the operand size in bytes
 * (0 when the memory operand states none).
 * Bit 2 is, on a Memory, an index register from 16-31 (only EVEX can encode it: EVEX.V'), and on a form,
 * qword elements (W1). The stated size may be the whole operand (as LLVM writes it: `xmmword ptr`) or
 * one element (as GNU objdump and iced-x86 write it: `dword ptr`).
 */
export function vsibFits(memoryVsib: number, formVsib: number, evex: boolean): boolean {
  if ((memoryVsib & 3) !== (formVsib & 3)) return false;
  const size = memoryVsib >> 3;
  // moffs: a stated size must be the accumulator's (there are no elements to name)
  if ((formVsib & 3) === 0) return size === 0 || size === formVsib >> 3;
  if (!evex && (memoryVsib & 4) !== 0) return false;
  return size === 0 || size === formVsib >> 3 || size === ((formVsib & 4) !== 0 ? 8 : 4);
}

/**
 * How an immediate field is interpreted, which decides the values it can hold.
 * `SX8_*` fields are sign-extended to the operand size, so `add ax, 0xffff` fits `83 /0 ib` as -1.
 */
export const ImmClass = {
  NONE: 0,
  /** Exactly 1: the `d0/d1 /n` shift-by-one forms. */
  ONE: 1,
  /** An 8-bit field read as signed or unsigned: -128..255. */
  U8: 2,
  /** Sign-extended imm8 under each operand size. */
  SX8_16: 3,
  SX8_32: 4,
  SX8_64: 5,
  /** A 16-bit field: -32768..65535. */
  U16: 6,
  /** A 32-bit field under 32-bit operand size: -2^31..2^32-1. */
  U32: 7,
  /** A 32-bit field sign-extended to 64 bits: -2^31..2^31-1. */
  SX32_64: 8,
  /** A full 64-bit field. */
  U64: 9,} as const;
export type ImmClass = number;

const TWO_POW_63 = 2n ** 63n;
const TWO_POW_64 = 2n ** 64n;

/**
 * True when `value` fits the immediate class. Numbers take the fast path; bigints are folded to numbers
 * when they are small enough, and only a full 64-bit field accepts the rest.
 */
export function immediateFits(value: number | bigint, immClass: ImmClass): boolean {
  if (typeof value === 'bigint') {
    if (immClass === ImmClass.U64) return value >= -TWO_POW_63 && value < TWO_POW_64;
    // a 64-bit operand's field may be written as the unsigned equivalent of a negative value
    if (value >= TWO_POW_63 && value < TWO_POW_64 && (immClass === ImmClass.SX8_64 || immClass === ImmClass.SX32_64)) {
      value -= TWO_POW_64;
    }
    if (value > 0xffffffffn || value < -0x80000000n) return false;
    value = Number(value);
  }
  if (!Number.isInteger(value)) return false;
  switch (immClass) {
    case ImmClass.ONE:
      return value === 1;
    case ImmClass.U8:
      return value >= -128 && value <= 255;
    case ImmClass.SX8_16:
      return (value >= -128 && value <= 127) || (value >= 0xff80 && value <= 0xffff);
    case ImmClass.SX8_32:
      return (value >= -128 && value <= 127) || (value >= 0xffffff80 && value <= 0xffffffff);
    case ImmClass.SX8_64:
      return value >= -128 && value <= 127;
    case ImmClass.U16:
      return value >= -32768 && value <= 0xffff;
    case ImmClass.U32:
      return value >= -0x80000000 && value <= 0xffffffff;
    case ImmClass.SX32_64:
      return value >= -0x80000000 && value <= 0x7fffffff;
    case ImmClass.U64:
      return Number.isSafeInteger(value);
    default:
      return false;
  }
}

export function describeImmClass(immClass: ImmClass): string {
  switch (immClass) {
    case ImmClass.ONE:
      return '1';
    case ImmClass.U8:
      return 'imm8';
    case ImmClass.SX8_16:
    case ImmClass.SX8_32:
    case ImmClass.SX8_64:
      return 'simm8';
    case ImmClass.U16:
      return 'imm16';
    case ImmClass.U32:
      return 'imm32';
    case ImmClass.SX32_64:
      return 'simm32';
    case ImmClass.U64:
      return 'imm64';
    default:
      return 'imm';
  }
}

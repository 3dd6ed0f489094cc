/**
 * One encodable form of an instruction, as expanded from the table data (table-expand.ts).
 *
 * A plain record of small integers, built once at load time, so the encoder reads fixed fields of one
 * hidden class. Operand roles name which operand goes where in the encoding (-1: no such operand).
 */
export const Encoding = {
  LEGACY: 0,
  VEX: 1,
  EVEX: 2,
} as const;
export type Encoding = number;

export class Form {
  /** Position in the global form list. */
  id = 0;
  mnemonic = '';
  /** Mnemonic number (index into the mnemonic list). */
  mnemonicId = 0;
  /** The form as Intel-style operand text, for error messages and generated docs: `add r/m32, imm8`. */
  text = '';
  count = 0;
  /** Operand-kind bits each operand slot accepts. */
  spec0 = 0;
  spec1 = 0;
  spec2 = 0;
  spec3 = 0;
  /**
   * The fifth slot, used only by the AVX-512 `…, {sae}, imm8` forms (`vrangeps zmm1, zmm2, zmm3, {sae}, 5`):
   * the matcher's packed specs cover four slots, and five-operand calls take a path of their own.
   */
  spec4 = 0;

  encoding: Encoding = Encoding.LEGACY;
  /** Operand in ModRM.reg, or -1 (then `modrmDigit` or nothing fills it). */
  regOp = -1;
  /** Operand in ModRM.rm (register or memory), or -1. */
  rmOp = -1;
  /** Operand in VEX/EVEX.vvvv, or -1. */
  vvvvOp = -1;
  /** Operand added to the low 3 bits of the opcode (`50+r`), or -1. */
  opcodeRegOp = -1;
  /** Operand written as the immediate, or -1. */
  immOp = -1;
  /** Register operand carried in imm8[7:4] (VEX `/is4`), or -1. */
  is4Op = -1;
  /** The `{er}`/`{sae}` operand (rounding.ts), or -1, and which of the two it is (RoundingClass). */
  roundingOp = -1;
  roundingClass = 0;
  /** A second immediate (`enter imm16, imm8`), written after the first, or -1. */
  imm2Op = -1;
  imm2Class = 0;
  imm2Size = 0;
  /** Branch target operand, or -1. */
  relOp = -1;
  /** Operand whose immediate range is checked (includes implicit `1`), or -1. */
  immCheckOp = -1;
  immClass = 0;
  /** Immediate bytes written (0, 1, 2, 4, 8). */
  immSize = 0;
  /** Branch displacement bytes (1 or 4). */
  relSize = 0;

  /** 0x66 operand-size or mandatory prefix. */
  prefix66 = false;
  /** Mandatory 0xF2/0xF3 prefix for legacy forms, 0 for none. */
  prefixRep = 0;
  /** 0x67 address-size prefix (`jecxz`). */
  prefix67 = false;
  /**
   * The fixed legacy prefixes (67, 66, F2/F3, in that order) packed little-endian, and how many: the
   * encoder stores all four bytes unconditionally and advances by the count, with no branch per prefix.
   */
  prefixBytes = 0;
  prefixCount = 0;
  /** Escape and opcode bytes (`0F 38 F6`) packed little-endian, and how many, written the same way. */
  opcodeBytes = 0;
  opcodeCount = 0;
  /** REX.W for legacy forms, VEX.W / EVEX.W otherwise. */
  w = 0;
  /** Opcode map: 0 one-byte, 1 = 0F, 2 = 0F38, 3 = 0F3A. */
  map = 0;
  opcode = 0;
  /** `/digit` for ModRM.reg, or -1. */
  modrmDigit = -1;
  /** A fixed ModRM byte that is part of the opcode (`0f 01 f9` rdtscp), or -1. */
  fixedModrm = -1;
  /**
   * An imm8 that the mnemonic fixes instead of an operand giving it, or -1: the predicate of the compare
   * pseudo-ops (`cmpltps xmm1, xmm2` is `cmpps xmm1, xmm2, 1`). Such a form has immSize 1 and no immOp.
   */
  fixedImm = -1;
  /** VEX/EVEX.pp: 0 none, 1 = 66, 2 = F3, 3 = F2. */
  pp = 0;
  /** VEX.L / EVEX.L'L: 0 = 128, 1 = 256, 2 = 512. */
  vectorLength = 0;
  /** EVEX masking allowed on operand 0: 0 none, 1 merge only, 2 merge or zero. */
  maskMode = 0;
  /** EVEX compressed displacement scale for plain memory (the memory operand's size). */
  disp8Scale = 1;
  /** An explicit disp8*N from the table (`N=4`), 0 when N is the memory operand size. */
  disp8Override = 0;
  /** EVEX broadcast element size in bytes (0 when the form has no broadcast). */
  broadcastElement = 0;
  /** EVEX broadcast element count `{1toN}`. */
  broadcastCount = 0;
  /**
   * For VEX register-to-register moves: the opcode of the store direction. When only the source needs
   * VEX.B, swapping to the store form moves that bit into VEX.R so the 2-byte VEX prefix fits
   * (what LLVM does for vmovaps & co.). -1 when not applicable.
   */
  swappedOpcode = -1;
  /** VEX.pp of the store-direction opcode. */
  swappedPp = 0;
  /**
   * VSIB and moffs forms: the expected address shape (index width and operand size, see `vsibFits`);
   * 0 otherwise. `vsibOp` is the slot of a vector-indexed operand, -1 otherwise.
   */
  vsib = 0;
  vsibOp = -1;
  /** The slot of a 64-bit absolute address written after the opcode (`movabs al, moffs8`: A0-A3), or -1. */
  moffsOp = -1;
  /** The destination must carry a write mask (EVEX gathers and scatters: the mask tracks completed elements). */
  maskRequired = false;
  /** Some operand slot takes byte registers, so spl/bpl/sil/dil vs ah/ch/dh/bh rules apply. */
  hasByteRegister = false;
}

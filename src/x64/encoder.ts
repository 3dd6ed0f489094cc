import type { CodeBuffer } from '../asm/code-buffer.ts';
import { JitkitError } from '../errors.ts';
import { Encoding } from './form.ts';
import type { Form } from './form.ts';
import type { Memory } from './memory.ts';
import { MEM_KINDS } from './operand-kind.ts';
import type { Operand } from './operand.ts';
import { RegisterFlag } from './registers.ts';
import type { Register } from './registers.ts';
import type { Rounding } from './rounding.ts';

/**
 * The one encoder for every form in the table: legacy (with REX), VEX and EVEX schemes.
 *
 * It trusts that `form` was matched against the operands (see instruction-set.ts) and writes straight
 * into `buffer.data` after a single `reserve`. The return value is the offset of a field that still
 * needs a fixup — the disp32 of a RIP-relative operand or a branch displacement — or -1.
 */

/**
 * Longest x86 instruction is 15 bytes (segment + lock/rep included); the template stores of prefix and
 * opcode bytes may write up to 2 bytes past the instruction's end before they are overwritten or left
 * beyond `length`, so reserve a little more.
 */
const MAX_INSTRUCTION = 20;

function pick(index: number, o0: Operand | undefined, o1: Operand | undefined, o2: Operand | undefined, o3: Operand | undefined, o4?: Operand): Operand {
  return (index === 0 ? o0 : index === 1 ? o1 : index === 2 ? o2 : index === 3 ? o3 : o4)!;
}

/** Offset of the disp32 of a RIP-relative operand written by the last `writeAddress`, or -1. */
let ripFieldAt = -1;

/**
 * ModRM (+ SIB + displacement) for a register-direct or memory operand. `scale` is the EVEX disp8*N
 * factor (1 for legacy and VEX).
 */
function writeAddress(d: Uint8Array, p: number, reg: number, memory: Memory | null, rm: number, scale: number): number {
  const regBits = (reg & 7) << 3;
  if (memory === null) {
    d[p] = 0xc0 | regBits | (rm & 7);
    return p + 1;
  }
  const base = memory.baseId;
  const index = memory.indexId;
  const disp = memory.disp;
  if (base === 16) {
    // mod=00 rm=101 is RIP + disp32 in 64-bit mode; the label (if any) is added by a fixup
    d[p++] = regBits | 5;
    ripFieldAt = p;
    d[p++] = disp;
    d[p++] = disp >> 8;
    d[p++] = disp >> 16;
    d[p++] = disp >> 24;
    return p;
  }
  if (base < 0) {
    // No base: rm=100 selects a SIB byte, and SIB.base=101 with mod=00 means "disp32, no base"
    // (plain mod=00 rm=101 would be RIP-relative in 64-bit mode). SIB.index=100 means "no index".
    d[p++] = regBits | 4;
    d[p++] = index < 0 ? 0x25 : (memory.scaleBits << 6) | ((index & 7) << 3) | 5;
    d[p++] = disp;
    d[p++] = disp >> 8;
    d[p++] = disp >> 16;
    d[p++] = disp >> 24;
    return p;
  }
  let mod: number;
  let disp8 = 0;
  if (disp === 0 && (base & 7) !== 5) {
    mod = 0;
  } else if (scale === 1) {
    // rbp/r13 as base with mod=00 would mean RIP/disp32, so they always carry at least disp8 = 0
    if (disp >= -128 && disp <= 127) {
      mod = 1;
      disp8 = disp;
    } else {
      mod = 2;
    }
  } else {
    // EVEX compressed displacement: disp8 is scaled by N, so only multiples of N within ±128·N fit
    const scaled = disp / scale;
    if ((disp & (scale - 1)) === 0 && scaled >= -128 && scaled <= 127) {
      mod = 1;
      disp8 = scaled;
    } else {
      mod = 2;
    }
  }
  if (index >= 0 || (base & 7) === 4) {
    // rm=100 means "a SIB byte follows", so rsp/r12 as a base can only be expressed through SIB (index=100: none)
    d[p++] = (mod << 6) | regBits | 4;
    d[p++] = (index < 0 ? 0x20 : (memory.scaleBits << 6) | ((index & 7) << 3)) | (base & 7);
  } else {
    d[p++] = (mod << 6) | regBits | (base & 7);
  }
  if (mod === 1) {
    d[p++] = disp8;
  } else if (mod === 2) {
    d[p++] = disp;
    d[p++] = disp >> 8;
    d[p++] = disp >> 16;
    d[p++] = disp >> 24;
  }
  return p;
}

const TWO_POW_32 = 4294967296;

function writeImmediate(d: Uint8Array, p: number, value: number | bigint, size: number): number {
  if (typeof value === 'bigint') {
    const unsigned = BigInt.asUintN(64, value);
    const lo = Number(unsigned & 0xffffffffn);
    const hi = Number(unsigned >> 32n);
    d[p] = lo;
    if (size >= 2) d[p + 1] = lo >>> 8;
    if (size >= 4) {
      d[p + 2] = lo >>> 16;
      d[p + 3] = lo >>> 24;
    }
    if (size === 8) {
      d[p + 4] = hi;
      d[p + 5] = hi >>> 8;
      d[p + 6] = hi >>> 16;
      d[p + 7] = hi >>> 24;
    }
    return p + size;
  }
  d[p] = value;
  if (size === 1) return p + 1;
  d[p + 1] = value >> 8;
  if (size === 2) return p + 2;
  d[p + 2] = value >> 16;
  d[p + 3] = value >> 24;
  if (size === 4) return p + 4;
  // a number's upper 32 bits; Math.floor keeps two's complement for negative values
  const hi = Math.floor(value / TWO_POW_32);
  d[p + 4] = hi;
  d[p + 5] = hi >> 8;
  d[p + 6] = hi >> 16;
  d[p + 7] = hi >> 24;
  return p + 8;
}

function byteRegisterConflict(form: Form, register: Register): JitkitError {
  return new JitkitError(
    'E_OPERANDS',
    `${form.mnemonic}: ${register.name} cannot be encoded in an instruction that needs a REX prefix ` +
      '(with REX, byte registers 4-7 mean spl/bpl/sil/dil); use al/bl/cl/dl or a low byte register instead',
    { mnemonic: form.mnemonic },
  );
}

/**
 * Encodes `form` with the given operands at the end of `buffer`. `legacyPrefix` is a lock/rep byte
 * (0xf0, 0xf3, 0xf2) or 0. Returns the offset of a field awaiting a fixup, or -1.
 *
 * One function per encoding scheme: each is small enough for the optimizer to keep its form loads in
 * registers, and its branches see only the forms of that scheme.
 */
export function encodeForm(
  buffer: CodeBuffer,
  form: Form,
  o0: Operand | undefined,
  o1: Operand | undefined,
  o2: Operand | undefined,
  o3: Operand | undefined,
  legacyPrefix: number,
  o4?: Operand,
): number {
  if (buffer.length + MAX_INSTRUCTION > buffer.capacity) buffer.reserve(MAX_INSTRUCTION);
  ripFieldAt = -1;
  const encoding = form.encoding;
  const p = encoding === Encoding.LEGACY
    ? encodeLegacy(buffer.data, buffer.length, form, o0, o1, o2, o3, legacyPrefix)
    : encoding === Encoding.VEX
      ? encodeVex(buffer.data, buffer.length, form, o0, o1, o2, o3)
      : encodeEvex(buffer.data, buffer.length, form, o0, o1, o2, o3, o4);
  let fieldAt = ripFieldAt;
  if (form.relOp >= 0) {
    // the displacement is written at layout or by a fixup; reserve zeros for it now
    fieldAt = p - form.relSize;
  }
  buffer.length = p;
  return fieldAt;
}

/**
 * The immediate(s) or `/is4` register byte after ModRM, then room for a branch displacement. `o4` is the
 * imm8 of the EVEX `…, {sae}, imm8` forms, the only ones with a fifth operand.
 */
function writeTail(d: Uint8Array, p: number, form: Form, o0: Operand | undefined, o1: Operand | undefined, o2: Operand | undefined, o3: Operand | undefined, o4?: Operand): number {
  if (form.immSize !== 0) {
    if (form.is4Op >= 0) {
      d[p++] = (pick(form.is4Op, o0, o1, o2, o3) as Register).id << 4;
    } else if (form.fixedImm >= 0) {
      d[p++] = form.fixedImm;
    } else {
      p = writeImmediate(d, p, pick(form.immOp, o0, o1, o2, o3, o4) as number | bigint, form.immSize);
      if (form.imm2Op >= 0) p = writeImmediate(d, p, pick(form.imm2Op, o0, o1, o2, o3) as number | bigint, form.imm2Size);
    }
  }
  if (form.relOp >= 0) {
    const end = p + form.relSize;
    while (p < end) d[p++] = 0;
  }
  return p;
}

function encodeLegacy(
  d: Uint8Array,
  p: number,
  form: Form,
  o0: Operand | undefined,
  o1: Operand | undefined,
  o2: Operand | undefined,
  o3: Operand | undefined,
  legacyPrefix: number,
): number {
  if (form.moffsOp >= 0) return encodeMoffs(d, p, form, pick(form.moffsOp, o0, o1, o2, o3) as Memory, legacyPrefix);
  let memory: Memory | null = null;
  let rm = 0;
  const rmOp = form.rmOp;
  if (rmOp >= 0) {
    const operand = pick(rmOp, o0, o1, o2, o3) as Register | Memory;
    if ((operand.kind & MEM_KINDS) !== 0) memory = operand as Memory;
    else rm = (operand as Register).id;
  }
  const reg = form.regOp >= 0 ? (pick(form.regOp, o0, o1, o2, o3) as Register).id : form.modrmDigit >= 0 ? form.modrmDigit : 0;
  if (memory !== null && memory.segment !== null) d[p++] = memory.segment.prefix;
  if (legacyPrefix !== 0) d[p++] = legacyPrefix;
  // all three template bytes are stored and p advances by the count; bytes past it are overwritten next
  const prefixes = form.prefixBytes;
  d[p] = prefixes;
  d[p + 1] = prefixes >> 8;
  d[p + 2] = prefixes >> 16;
  p += form.prefixCount;
  let opcodeReg = 0;
  let rex = (form.w << 3) | (((reg >> 3) & 1) << 2);
  if (form.opcodeRegOp >= 0) {
    opcodeReg = (pick(form.opcodeRegOp, o0, o1, o2, o3) as Register).id;
    rex |= (opcodeReg >> 3) & 1;
  }
  if (memory !== null) {
    if (memory.indexId >= 0) rex |= ((memory.indexId >> 3) & 1) << 1;
    if (memory.baseId >= 0 && memory.baseId < 16) rex |= (memory.baseId >> 3) & 1;
  } else {
    rex |= (rm >> 3) & 1;
  }
  if (form.hasByteRegister) rex = checkByteRegisters(form, rex, o0, o1, o2, o3);
  if (rex !== 0) d[p++] = 0x40 | (rex & 0x0f);
  const opcodes = form.opcodeBytes;
  d[p] = opcodes;
  d[p + 1] = opcodes >> 8;
  d[p + 2] = opcodes >> 16;
  p += form.opcodeCount;
  // `+r` forms add the register to the last opcode byte
  d[p - 1] |= opcodeReg & 7;
  if (form.fixedModrm >= 0) d[p++] = form.fixedModrm;
  else if (memory !== null) p = writeAddress(d, p, reg, memory, 0, 1);
  else if (rmOp >= 0) d[p++] = 0xc0 | ((reg & 7) << 3) | (rm & 7);
  return form.immSize === 0 && form.relOp < 0 ? p : writeTail(d, p, form, o0, o1, o2, o3);
}

/**
 * `movabs` between the accumulator and a 64-bit absolute address (A0-A3, Intel SDM Vol. 2, MOV: "moffs"):
 * no ModRM; in 64-bit mode the offset after the opcode is 8 bytes (a 67 prefix would make it 4, which
 * jitkit never writes). The segment override goes before REX: a REX prefix is ignored unless the opcode
 * follows it directly (SDM Vol. 2, 2.2.1), so `48 64 a1` — what llvm-mc 14 writes for
 * `movabs rax, qword ptr fs:[…]` — is a 32-bit load that its own disassembler reads back as `fs; movabs eax`.
 * The 66 prefix comes before the segment, as llvm-mc orders them for these opcodes.
 */
function encodeMoffs(d: Uint8Array, p: number, form: Form, memory: Memory, legacyPrefix: number): number {
  if (legacyPrefix !== 0) d[p++] = legacyPrefix;
  if (form.prefix66) d[p++] = 0x66;
  if (memory.segment !== null) d[p++] = memory.segment.prefix;
  if (form.w !== 0) d[p++] = 0x48;
  d[p++] = form.opcode;
  return writeImmediate(d, p, memory.absolute!, 8);
}

function encodeVex(
  d: Uint8Array,
  p: number,
  form: Form,
  o0: Operand | undefined,
  o1: Operand | undefined,
  o2: Operand | undefined,
  o3: Operand | undefined,
): number {
  let memory: Memory | null = null;
  let rm = 0;
  const rmOp = form.rmOp;
  if (rmOp >= 0) {
    const operand = pick(rmOp, o0, o1, o2, o3) as Register | Memory;
    if ((operand.kind & MEM_KINDS) !== 0) memory = operand as Memory;
    else rm = (operand as Register).id;
  }
  let reg = form.regOp >= 0 ? (pick(form.regOp, o0, o1, o2, o3) as Register).id : form.modrmDigit >= 0 ? form.modrmDigit : 0;
  const vvvv = form.vvvvOp >= 0 ? (pick(form.vvvvOp, o0, o1, o2, o3) as Register).id : 0;
  let x = 0;
  let b = 0;
  if (memory !== null) {
    if (memory.segment !== null) d[p++] = memory.segment.prefix;
    if (memory.indexId >= 0) x = (memory.indexId >> 3) & 1;
    if (memory.baseId >= 0 && memory.baseId < 16) b = (memory.baseId >> 3) & 1;
  } else {
    b = (rm >> 3) & 1;
  }
  if (form.vsibOp >= 0) checkGatherRegisters(form, reg, memory!.indexId, vvvv);
  let opcode = form.opcode;
  let pp = form.pp;
  if (form.swappedOpcode >= 0 && memory === null && b === 1 && reg < 8) {
    // the store-direction opcode moves the extended register into ModRM.reg (VEX.R), so the
    // 2-byte VEX prefix, which has no B bit, can be used
    opcode = form.swappedOpcode;
    pp = form.swappedPp;
    const t = reg;
    reg = rm;
    rm = t;
    b = 0;
  }
  const r = (reg >> 3) & 1;
  const tail = ((~vvvv & 15) << 3) | (form.vectorLength << 2) | pp;
  if ((x | b | form.w) === 0 && form.map === 1) {
    // the 2-byte form C5 implies map 0F, W0 and no X/B extension
    d[p] = 0xc5;
    d[p + 1] = ((r ^ 1) << 7) | tail;
    p += 2;
  } else {
    d[p] = 0xc4;
    d[p + 1] = ((r ^ 1) << 7) | ((x ^ 1) << 6) | ((b ^ 1) << 5) | form.map;
    d[p + 2] = (form.w << 7) | tail;
    p += 3;
  }
  d[p++] = opcode;
  if (form.fixedModrm >= 0) d[p++] = form.fixedModrm;
  else if (memory !== null) p = writeAddress(d, p, reg, memory, 0, 1);
  else if (rmOp >= 0) d[p++] = 0xc0 | ((reg & 7) << 3) | (rm & 7);
  return form.immSize === 0 && form.relOp < 0 ? p : writeTail(d, p, form, o0, o1, o2, o3);
}

function encodeEvex(
  d: Uint8Array,
  p: number,
  form: Form,
  o0: Operand | undefined,
  o1: Operand | undefined,
  o2: Operand | undefined,
  o3: Operand | undefined,
  o4: Operand | undefined,
): number {
  let memory: Memory | null = null;
  let rm = 0;
  const rmOp = form.rmOp;
  if (rmOp >= 0) {
    const operand = pick(rmOp, o0, o1, o2, o3) as Register | Memory;
    if ((operand.kind & MEM_KINDS) !== 0) memory = operand as Memory;
    else rm = (operand as Register).id;
  }
  const reg = form.regOp >= 0 ? (pick(form.regOp, o0, o1, o2, o3) as Register).id : form.modrmDigit >= 0 ? form.modrmDigit : 0;
  const vvvv = form.vvvvOp >= 0 ? (pick(form.vvvvOp, o0, o1, o2, o3) as Register).id : 0;
  // EVEX: P0 = R X B R' 0 0 m m, P1 = W vvvv 1 pp, P2 = z L'L b V' aaa (R, X, B, R', vvvv, V' inverted)
  let x: number;
  let b: number;
  let vHigh = (vvvv >> 4) & 1;
  let broadcast = 0;
  let scale: number;
  if (memory !== null) {
    if (memory.segment !== null) d[p++] = memory.segment.prefix;
    const index = memory.indexId;
    x = index >= 0 ? (index >> 3) & 1 : 0;
    if (index >= 16) vHigh = 1; // VSIB: EVEX.V' extends the vector index
    b = memory.baseId >= 0 && memory.baseId < 16 ? (memory.baseId >> 3) & 1 : 0;
    if (memory.broadcast !== 0) {
      broadcast = 1;
      scale = form.broadcastElement;
    } else {
      scale = form.disp8Scale;
    }
  } else {
    // register rm: EVEX.X extends it to 32 registers
    x = (rm >> 4) & 1;
    b = (rm >> 3) & 1;
    scale = 1;
  }
  if (form.vsibOp === 1) checkGatherRegisters(form, reg, memory!.indexId, -1);
  let lengthOrRounding = form.vectorLength;
  if (form.roundingOp >= 0) {
    // register-only: EVEX.b with a register rm means "static rounding / SAE", and L'L carries the mode
    const code = (pick(form.roundingOp, o0, o1, o2, o3) as Rounding).roundingCode;
    broadcast = 1;
    lengthOrRounding = code < 4 ? code : 0;
  }
  const decoration = (o0 as Register | Memory).decoration;
  d[p] = 0x62;
  d[p + 1] = ((((reg >> 3) & 1) ^ 1) << 7) | ((x ^ 1) << 6) | ((b ^ 1) << 5) | ((((reg >> 4) & 1) ^ 1) << 4) | form.map;
  d[p + 2] = (form.w << 7) | ((~vvvv & 15) << 3) | 4 | form.pp;
  d[p + 3] = ((decoration >> 3) << 7) | (lengthOrRounding << 5) | (broadcast << 4) | ((vHigh ^ 1) << 3) | (decoration & 7);
  d[p + 4] = form.opcode;
  p += 5;
  if (form.fixedModrm >= 0) d[p++] = form.fixedModrm;
  else if (memory !== null) p = writeAddress(d, p, reg, memory, 0, scale);
  else if (rmOp >= 0) d[p++] = 0xc0 | ((reg & 7) << 3) | (rm & 7);
  return form.immSize === 0 && form.relOp < 0 ? p : writeTail(d, p, form, o0, o1, o2, o3, o4);
}

/**
 * A gather whose destination, index and (AVX2) mask registers are not all different raises #UD
 * (Intel SDM Vol. 2, VPGATHERDD: "If any pair of the index, mask, or destination registers are the
 * same, this instruction results a #UD fault"), so it is refused here rather than at run time.
 */
function checkGatherRegisters(form: Form, destination: number, index: number, mask: number): void {
  if (destination !== index && destination !== mask && index !== mask) return;
  throw new JitkitError(
    'E_OPERANDS',
    `${form.mnemonic}: the destination, index${mask >= 0 ? ' and mask' : ''} registers must all differ (the CPU raises #UD otherwise)`,
    { mnemonic: form.mnemonic },
  );
}

/**
 * Byte registers: spl/bpl/sil/dil need a REX prefix (even an empty 0x40), ah/ch/dh/bh forbid one.
 */
function checkByteRegisters(form: Form, rex: number, o0: Operand | undefined, o1: Operand | undefined, o2: Operand | undefined, o3: Operand | undefined): number {
  let high: Register | null = null;
  for (let i = 0; i < form.count; i++) {
    const operand = pick(i, o0, o1, o2, o3);
    if (typeof operand !== 'object' || (operand as Register).flags === undefined) continue;
    const flags = (operand as Register).flags;
    if ((flags & RegisterFlag.NEEDS_REX) !== 0) rex |= 0x40;
    else if ((flags & RegisterFlag.HIGH_BYTE) !== 0) high = operand as Register;
  }
  if (high !== null && rex !== 0) throw byteRegisterConflict(form, high);
  return rex;
}

import { Label } from '../asm/label.ts';
import { adr21, adrField, adrpPage21, branch14, branch19, branch26, lo12ByScale } from './fixups.ts';
import type { Slot } from './form.ts';
import { decodeBitmask, decodeFloat8, encodeBitmask, encodeFloat8, split, splitInteger } from './immediates.ts';
import * as C from './operand-classes.ts';
import {
  AddressingMode, ExtendOperand, MemoryShape, LiteralOperand, Lo12Reference, LocationOperand, MemoryOperand, NamedOperand, ShiftOperand, VectorList,
  extendNames, namedOperand, namedOperandByValue, conditionNames,
} from './operands.ts';
import { Register, fp128, fp16, fp32, fp64, fp8, gp32, gp64, sp, vectors, wsp } from './registers.ts';

/**
 * The catalogue of operand slot kinds: every way an A64 operand becomes bits. Forms in the tables are
 * built from these; nothing here knows a particular instruction.
 */

const NONE = -1;

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** An integer operand as a number (bigints within the safe range are accepted too). */
function integerValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  return undefined;
}

// ---------------------------------------------------------------- registers

/** A general-purpose register field of 5 bits at `shift`; 31 means zr or sp according to `accepts`. */
export function gpr(accepts: number, shift: number): Slot {
  const is64 = (accepts & (C.X | C.XZR | C.SP)) !== 0;
  const named31 = (accepts & C.SP) !== 0 ? sp : (accepts & C.WSP) !== 0 ? wsp : is64 ? gp64[31]! : gp32[31]!;
  const table = is64 ? gp64 : gp32;
  const only31 = (accepts & (C.X | C.W)) === 0;
  const syntax = `<${is64 ? 'X' : 'W'}${only31 ? '' : 'n'}${(accepts & (C.SP | C.WSP)) !== 0 ? '|SP' : ''}${(accepts & (C.XZR | C.WZR)) !== 0 && only31 ? 'ZR' : ''}>`;
  return {
    accepts,
    fieldMask: 31 << shift,
    syntax: only31 ? named31.name : syntax,
    requirement: `a ${is64 ? '64' : '32'}-bit register${(accepts & (C.SP | C.WSP)) !== 0 ? ' or sp' : ''}`,
    registerShift: shift,
    encode: (operand: Register) => operand.index << shift,
    decode(word) {
      const index = (word >>> shift) & 31;
      if (index === 31) return named31;
      return only31 ? undefined : table[index];
    },
  };
}

const scalarTables: Record<number, readonly Register[]> = { [C.B]: fp8, [C.H]: fp16, [C.S]: fp32, [C.D]: fp64, [C.Q]: fp128 };
const scalarLetter: Record<number, string> = { [C.B]: 'B', [C.H]: 'H', [C.S]: 'S', [C.D]: 'D', [C.Q]: 'Q' };

/** A SIMD&FP scalar register (b/h/s/d/q) of 5 bits at `shift`. */
export function fpr(cls: number, shift: number): Slot {
  const table = scalarTables[cls]!;
  return {
    accepts: cls,
    fieldMask: 31 << shift,
    syntax: `<${scalarLetter[cls]}n>`,
    requirement: `a ${scalarLetter[cls]!.toLowerCase()} register`,
    registerShift: shift,
    encode: (operand: Register) => operand.index << shift,
    decode: (word) => table[(word >>> shift) & 31],
  };
}

const arrangementIndex = new Map<number, number>(C.VECTOR_CLASSES.map((cls, i) => [cls, i]));
const arrangementText = ['8b', '16b', '4h', '8h', '2s', '4s', '1d', '2d'];

/** A vector register with a fixed arrangement; `bits` is 5, or 4 where only v0..v15 are encodable. */
export function vreg(cls: number, shift: number, bits = 5): Slot {
  const arrangement = arrangementIndex.get(cls)!;
  const limit = (1 << bits) - 1;
  return {
    accepts: cls,
    fieldMask: limit << shift,
    syntax: `<Vn>.${arrangementText[arrangement]}`,
    requirement: bits === 5 ? `a vector register .${arrangementText[arrangement]}` : `v0..v15 .${arrangementText[arrangement]}`,
    ...(bits === 5 ? { registerShift: shift } : {}),
    encode: (operand: Register) => (operand.index > limit ? NONE : operand.index << shift),
    decode: (word) => vectors[(word >>> shift) & limit]!.arrangement(arrangementText[arrangement] as '8b'),
  };
}

/** The same register written to two fields (ror = extr with Rn = Rm; cinc/cneg; mov = orr v, v). */
export function sameRegister(inner: Slot, otherShift: number, ownShift: number): Slot {
  return {
    ...inner,
    registerShift: undefined,
    fieldMask: inner.fieldMask | (31 << otherShift),
    encode: (operand: Register, context) => {
      const own = inner.encode(operand, context);
      return own < 0 ? NONE : own | (operand.index << otherShift);
    },
    decode: (word) => (((word >>> otherShift) & 31) === ((word >>> ownShift) & 31) ? inner.decode(word) : undefined),
  };
}

const elementLetters = ['b', 'h', 's', 'd'];
const lanesBySize = [16, 8, 4, 2];

function elementSlotBase(size: number, syntaxSuffix: string) {
  return { accepts: C.ELEMENT_CLASSES[size]!, syntax: `<Vn>.${elementLetters[size]}[${syntaxSuffix}]`, requirement: `a vector element .${elementLetters[size]}[0..${lanesBySize[size]! - 1}]` };
}

/**
 * A vector element whose lane is in imm5 (bits 16..20): the lowest set bit of imm5 gives the element size,
 * the bits above it the lane (DUP, INS, UMOV, SMOV). The register is at `shift`.
 */
export function elementImm5(size: number, shift: number): Slot {
  return {
    ...elementSlotBase(size, 'i'),
    fieldMask: (31 << 16) | (31 << shift),
    encode: (operand: Register) => ((((operand.lane << (size + 1)) | (1 << size)) << 16) | (operand.index << shift)),
    decode(word) {
      const imm5 = (word >>> 16) & 31;
      if ((imm5 & ((2 << size) - 1)) !== 1 << size) return undefined;
      return vectors[(word >>> shift) & 31]!.element(size, imm5 >>> (size + 1));
    },
  };
}

/** The source element of INS (element): lane << size in imm4 (bits 11..14), register at bits 5..9. */
export function elementImm4(size: number): Slot {
  return {
    ...elementSlotBase(size, 'i'),
    fieldMask: (15 << 11) | (31 << 5),
    encode: (operand: Register) => ((operand.lane << size) << 11) | (operand.index << 5),
    decode(word) {
      const imm4 = (word >>> 11) & 15;
      if ((imm4 & ((1 << size) - 1)) !== 0) return undefined;
      return vectors[(word >>> 5) & 31]!.element(size, imm4 >>> size);
    },
  };
}

/**
 * The indexed element of a "by element" operation (Arm ARM C4.1.6 "Advanced SIMD vector x indexed element"
 * and "Advanced SIMD scalar x indexed element"): for 16-bit elements (size 01) the lane is H:L:M (bits 11,
 * 21, 20), so M is not left for the register and Rm is 4 bits (v0..v15); for 32-bit elements the lane is
 * H:L and for 64-bit ones H, with M as Rm<4> (for 64-bit elements L is a fixed 0 of the form: sz:L = 11 is
 * unallocated). The index always counts elements of the whole 128-bit Vm, whatever the arrangement of Vd.
 */
export function elementIndexed(size: number): Slot {
  const laneBits = size === 1 ? 3 : size === 2 ? 2 : 1;
  const regBits = size === 1 ? 4 : 5;
  const laneMask = size === 1 ? (1 << 11) | (1 << 21) | (1 << 20) : size === 2 ? (1 << 11) | (1 << 21) : 1 << 11;
  const base = elementSlotBase(size, 'i');
  return {
    ...base,
    // The lane itself cannot be out of range here (a Register only exists for the lanes of a 128-bit
    // vector); the register number can, for 16-bit elements.
    requirement: size === 1 ? 'a vector element v0..v15 .h[0..7] (the 16-bit element forms encode Rm in 4 bits)' : base.requirement,
    fieldMask: laneMask | (((1 << regBits) - 1) << 16),
    encode(operand: Register) {
      if (operand.index >= 1 << regBits) return NONE;
      const lane = operand.lane;
      let field = operand.index << 16;
      if (laneBits === 3) field |= ((lane >> 2) << 11) | (((lane >> 1) & 1) << 21) | ((lane & 1) << 20);
      else if (laneBits === 2) field |= ((lane >> 1) << 11) | ((lane & 1) << 21);
      else field |= lane << 11;
      return field;
    },
    decode(word) {
      const h = (word >>> 11) & 1;
      const l = (word >>> 21) & 1;
      const m = (word >>> 20) & 1;
      const lane = laneBits === 3 ? (h << 2) | (l << 1) | m : laneBits === 2 ? (h << 1) | l : h;
      return vectors[(word >>> 16) & ((1 << regBits) - 1)]!.element(size, lane);
    },
  };
}

/** `{ Vt.T, ... }`: `count` consecutive registers (modulo 32) of one arrangement; the first at bits 0..4. */
export function vectorList(count: number, cls: number): Slot {
  const arrangement = arrangementText[arrangementIndex.get(cls)!]!;
  return {
    accepts: C.LIST,
    fieldMask: 31,
    syntax: `{ ${count} x <Vt>.${arrangement} }`,
    requirement: count === 1 ? `one vector register .${arrangement}` : `${count} consecutive vector registers .${arrangement}`,
    failureCode: 'E_OPERANDS',
    encode(operand: VectorList | Register[]) {
      const registers = operand instanceof VectorList ? operand.registers : operand;
      if (registers.length !== count) return NONE;
      const first = registers[0]!;
      for (let i = 0; i < count; i++) {
        const r = registers[i];
        if (!(r instanceof Register) || r.cls !== cls || r.index !== ((first.index + i) & 31)) return NONE;
      }
      return first.index;
    },
    decode(word) {
      const first = word & 31;
      return new VectorList(Array.from({ length: count }, (_, i) => vectors[(first + i) & 31]!.arrangement(arrangement as '8b')));
    },
  };
}

// ---------------------------------------------------------------- plain immediates

/** An unsigned immediate of `width` bits at `shift`, counting units of `scale`. */
export function unsignedImmediate(shift: number, width: number, scale = 1, name = `imm${width}`): Slot {
  const max = ((1 << width) - 1) >>> 0;
  return {
    accepts: C.IMM,
    fieldMask: (max << shift) >>> 0,
    syntax: `#<${name}>`,
    requirement: scale === 1 ? `an integer 0..${max}` : `a multiple of ${scale} in 0..${max * scale}`,
    encode(operand: unknown) {
      const value = integerValue(operand);
      if (value === undefined || value < 0 || value % scale !== 0 || value / scale > max) return NONE;
      return (value / scale) << shift;
    },
    decode: (word) => ((word >>> shift) & max) * scale,
  };
}

/** Exactly the value `value` (cmeq's `#0`, fcmp's `#0.0`), encoded by the form's fixed bits. */
export function exactImmediate(value: number, text: string): Slot {
  return {
    accepts: C.IMM,
    fieldMask: 0,
    syntax: text,
    requirement: `exactly ${text}`,
    encode: (operand: unknown) => (operand === value || operand === BigInt(value) ? 0 : NONE),
    decode: () => value,
    format: () => text,
  };
}

/**
 * ADD/SUB (immediate): imm12 at 10 with `sh` (bit 22) shifting it left by 12, so any value in 0..4095 or a
 * multiple of 4096 up to 4095 << 12 fits. Decodes only the unshifted form; `lsl #12` is printed by its own form.
 */
export const addSubImmediate: Slot = {
  accepts: C.IMM,
  fieldMask: (0xfff << 10) | (1 << 22),
  syntax: '#<imm12>',
  requirement: 'an integer 0..4095, or a multiple of 4096 up to 16773120 (imm12, lsl #12)',
  encode(operand: unknown) {
    if (typeof operand === 'number') {
      if (operand >= 0 && operand <= 4095 && (operand | 0) === operand) return operand << 10;
      if (operand >= 0 && operand <= 0xfff000 && (operand & 0xfff) === 0 && (operand | 0) === operand) return ((operand >>> 12) << 10) | (1 << 22);
      return NONE;
    }
    const value = integerValue(operand);
    return value === undefined ? NONE : addSubImmediate.encode(value, undefined as never);
  },
  decode: (word) => (((word >>> 22) & 1) === 0 ? (word >>> 10) & 0xfff : undefined),
};

/**
 * A negative ADD/SUB immediate, encoded by the opposite operation (`add x0, x1, #-8` is `sub x0, x1, #8`,
 * `cmp x0, #-1` is `cmn x0, #1`), as llvm-mc does. Never printed: the disassembler shows the real operation.
 */
export const negatedAddSubImmediate: Slot = {
  ...addSubImmediate,
  syntax: '#-<imm12>',
  requirement: 'a negative value whose magnitude fits imm12 (or imm12 << 12)',
  encode(operand: unknown) {
    const value = integerValue(operand);
    return value === undefined || value >= 0 ? NONE : addSubImmediate.encode(-value, undefined as never);
  },
  decode: () => undefined,
};

/** `lsl #0` or `lsl #12` after an ADD/SUB imm12: sets `sh` (bit 22). */
export const addSubImmediateShift: Slot = {
  accepts: C.SHIFT,
  fieldMask: 1 << 22,
  syntax: 'lsl #0|12',
  requirement: 'lsl #0 or lsl #12',
  encode: (operand: ShiftOperand) => (operand.type !== 0 ? NONE : operand.amount === 0 ? 0 : operand.amount === 12 ? 1 << 22 : NONE),
  decode: (word) => new ShiftOperand(0, ((word >>> 22) & 1) * 12),
};

/** A signed immediate of `width` bits at `shift`, counting units of `scale`. */
export function signedImmediate(shift: number, width: number, scale = 1, name = `simm${width}`): Slot {
  const min = -(2 ** (width - 1));
  const max = 2 ** (width - 1) - 1;
  const mask = 2 ** width - 1;
  return {
    accepts: C.IMM,
    fieldMask: (mask << shift) >>> 0,
    syntax: `#<${name}>`,
    requirement: `${scale === 1 ? 'an integer' : `a multiple of ${scale}`} in ${min * scale}..${max * scale}`,
    encode(operand: unknown) {
      const value = integerValue(operand);
      if (value === undefined || value % scale !== 0) return NONE;
      const units = value / scale;
      return units < min || units > max ? NONE : (units & mask) << shift;
    },
    decode: (word) => (((((word >>> shift) & mask) << (32 - width)) >> (32 - width)) * scale),
  };
}

/** Logical immediate (N:immr:imms) for a 32- or 64-bit register; see encodeBitmask for the rule. */
export function bitmaskImmediate(width: 32 | 64): Slot {
  return {
    accepts: C.IMM,
    fieldMask: (width === 64 ? 1 << 22 : 0) | (0xfff << 10),
    syntax: '#<bitmask>',
    requirement:
      `a ${width}-bit logical immediate: a run of ones rotated within an element of 2, 4, 8, 16, 32` +
      `${width === 64 ? ' or 64' : ''} bits, repeated to fill the register (not 0, not all ones); ` +
      'for any other constant, mov it into a register first and use the register form',
    encode(operand: unknown) {
      if (!splitInteger(operand)) return NONE;
      if (width === 32) {
        // A negative 32-bit value arrives sign-extended to 64 bits; anything else above bit 31 does not fit.
        if (split.hi !== 0 && !(split.hi === 0xffffffff && (split.lo & 0x80000000) !== 0)) return NONE;
        return encodeBitmask(split.lo, split.lo);
      }
      return encodeBitmask(split.hi, split.lo);
    },
    failureCode: 'E_OPERANDS',
    decode: (word) => decodeBitmask(word, width),
    format: (operand) => `#0x${(operand as bigint).toString(16)}`,
  };
}

/** The 8-bit floating-point immediate at `shift` (FMOV scalar): ±(1 + m/16)·2^e, e in -3..4. */
export function float8Immediate(shift: number): Slot {
  return {
    accepts: C.IMM,
    fieldMask: 0xff << shift,
    syntax: '#<fp8>',
    requirement: 'a floating-point value ±(16..31)/16 · 2^(-3..4), e.g. 0.125, 0.5, 1.0, 1.5, 2.0, 31.0',
    encode(operand: unknown) {
      const code = typeof operand === 'number' ? encodeFloat8(operand) : NONE;
      return code < 0 ? NONE : code << shift;
    },
    decode: (word) => decodeFloat8(word >>> shift),
    format: (operand) => `#${(operand as number).toFixed(8)}`,
  };
}

/** The same 8-bit float split as a:b:c in bits 16..18 and d:e:f:g:h in bits 5..9 (FMOV vector, immediate). */
export const vectorFloat8Immediate: Slot = {
  accepts: C.IMM,
  fieldMask: (7 << 16) | (31 << 5),
  syntax: '#<fp8>',
  requirement: 'a floating-point value ±(16..31)/16 · 2^(-3..4)',
  encode(operand: unknown) {
    const code = typeof operand === 'number' ? encodeFloat8(operand) : NONE;
    return code < 0 ? NONE : ((code >>> 5) << 16) | ((code & 31) << 5);
  },
  decode: (word) => decodeFloat8((((word >>> 16) & 7) << 5) | ((word >>> 5) & 31)),
  format: (operand) => `#${(operand as number).toFixed(8)}`,
};

// ---------------------------------------------------------------- move wide

/** `lsl #16*hw` after MOVZ/MOVN/MOVK's imm16: hw at bits 21..22 (only 0 and 16 for 32-bit registers). */
export function moveWideShift(width: 32 | 64): Slot {
  const maxHw = width === 64 ? 3 : 1;
  return {
    accepts: C.SHIFT,
    fieldMask: 3 << 21,
    syntax: `lsl #0|16${width === 64 ? '|32|48' : ''}`,
    requirement: `lsl by 0${width === 64 ? ', 16, 32 or 48' : ' or 16'}`,
    encode: (operand: ShiftOperand) => (operand.type !== 0 || operand.amount % 16 !== 0 || operand.amount / 16 > maxHw ? NONE : (operand.amount / 16) << 21),
    decode: (word) => new ShiftOperand(0, ((word >>> 21) & 3) * 16),
  };
}

/**
 * `mov Rd, #imm` as MOVZ (value = imm16 << 16*hw) or MOVN (value = NOT(imm16 << 16*hw) in the register width).
 * MOVN is not used for #0 shifted (the Arm ARM prefers MOVZ then), so `mov` keeps one spelling per word.
 */
export function moveWideAlias(width: 32 | 64, inverted: boolean): Slot {
  const maxHw = width === 64 ? 3 : 1;
  return {
    accepts: C.IMM,
    fieldMask: (0xffff << 5) | (3 << 21),
    syntax: '#<imm>',
    requirement: inverted ? 'a value whose inverse is one 16-bit chunk' : 'a value that is one 16-bit chunk',
    encode(operand: unknown) {
      if (!splitInteger(operand)) return NONE;
      let hi = split.hi;
      let lo = split.lo;
      if (width === 32) {
        // A negative 32-bit value arrives sign-extended to 64 bits; anything else above bit 31 does not fit.
        if (hi !== 0 && !(hi === 0xffffffff && (lo & 0x80000000) !== 0)) return NONE;
        hi = 0;
      }
      if (inverted) {
        lo = ~lo >>> 0;
        hi = width === 32 ? 0 : ~hi >>> 0;
      }
      for (let hw = 0; hw <= maxHw; hw++) {
        const chunkShift = (hw & 1) * 16;
        const word = hw < 2 ? lo : hi;
        const otherWord = hw < 2 ? hi : lo;
        const chunk = (word >>> chunkShift) & 0xffff;
        const rest = (word & ~(0xffff << chunkShift)) >>> 0;
        if (rest === 0 && otherWord === 0) {
          if (inverted && chunk === 0 && hw !== 0) return NONE;
          return (chunk << 5) | (hw << 21);
        }
      }
      return NONE;
    },
    decode(word) {
      const chunk = BigInt((word >>> 5) & 0xffff);
      const hw = (word >>> 21) & 3;
      if (width === 32 && hw > 1) return undefined;
      let value = chunk << BigInt(16 * hw);
      if (inverted) value = BigInt.asIntN(width, ~value);
      return Number.isSafeInteger(Number(value)) ? Number(value) : value;
    },
  };
}

// ---------------------------------------------------------------- bitfield aliases

/** `lsl Rd, Rn, #shift` as UBFM: immr = -shift mod width, imms = width - 1 - shift. */
export function lslAmount(width: 32 | 64): Slot {
  return {
    accepts: C.IMM,
    fieldMask: (63 << 16) | (63 << 10),
    syntax: '#<shift>',
    requirement: `a shift 0..${width - 1}`,
    encode(operand: unknown) {
      if (!isInteger(operand) || operand < 0 || operand >= width) return NONE;
      return (((width - operand) % width) << 16) | ((width - 1 - operand) << 10);
    },
    decode(word) {
      const imms = (word >>> 10) & 63;
      return width - 1 - imms;
    },
  };
}

/** The lsb operand of ubfx/sbfx/bfxil (immr = lsb) or ubfiz/sbfiz/bfi (immr = -lsb mod width). */
export function bitfieldLsb(width: 32 | 64, insert: boolean): Slot {
  return {
    accepts: C.IMM,
    fieldMask: 63 << 16,
    syntax: '#<lsb>',
    requirement: `a bit position 0..${width - 1}`,
    encode(operand: unknown) {
      if (!isInteger(operand) || operand < 0 || operand >= width) return NONE;
      return (insert ? (width - operand) % width : operand) << 16;
    },
    decode(word) {
      const immr = (word >>> 16) & 63;
      return insert ? (width - immr) % width : immr;
    },
  };
}

/** The width operand after a bitfield lsb: imms = lsb + width - 1 (extract) or width - 1 (insert). */
export function bitfieldWidth(width: 32 | 64, insert: boolean): Slot {
  return {
    accepts: C.IMM,
    fieldMask: 63 << 10,
    syntax: '#<width>',
    requirement: `a field width 1..${width} - lsb`,
    readsOperands: true,
    encode(operand: unknown, context) {
      const lsb = context.operands[2];
      if (!isInteger(operand) || !isInteger(lsb) || operand < 1 || lsb + operand > width) return NONE;
      return (insert ? operand - 1 : lsb + operand - 1) << 10;
    },
    decode(word) {
      const imms = (word >>> 10) & 63;
      const immr = (word >>> 16) & 63;
      return insert ? imms + 1 : imms - immr + 1;
    },
  };
}

// ---------------------------------------------------------------- shifts and extends on register operands

/** `shift #amount` of a shifted-register operand: type at bits 22..23, amount at 10..15. */
export function registerShift(width: 32 | 64, allowRor: boolean): Slot {
  return {
    accepts: C.SHIFT,
    fieldMask: (3 << 22) | (63 << 10),
    syntax: `${allowRor ? 'lsl|lsr|asr|ror' : 'lsl|lsr|asr'} #<0..${width - 1}>`,
    requirement: `lsl, lsr, asr${allowRor ? ' or ror' : ''} by 0..${width - 1}`,
    encode(operand: ShiftOperand) {
      if (operand.type > (allowRor ? 3 : 2) || operand.amount < 0 || operand.amount >= width || !Number.isInteger(operand.amount)) return NONE;
      return (operand.type << 22) | (operand.amount << 10);
    },
    decode: (word) => new ShiftOperand((word >>> 22) & 3, (word >>> 10) & 63),
  };
}

/**
 * The extend of an extended-register ADD/SUB: option at bits 13..15, left shift 0..4 at 10..12.
 * 'w': a Wm operand of a 64-bit operation (uxtb..uxtw, sxtb..sxtw); 'x': an Xm operand (uxtx, sxtx, or lsl,
 * which is uxtx); 'w32': any extend of a 32-bit operation, where lsl stands for uxtw.
 */
export function registerExtend(kind: 'w' | 'x' | 'w32'): Slot {
  const lslOption = kind === 'x' ? 3 : kind === 'w32' ? 2 : -1;
  const optionFits = (option: number) => (kind === 'w32' ? true : ((option & 3) === 3) === (kind === 'x'));
  return {
    accepts: C.EXTEND | (lslOption >= 0 ? C.SHIFT : 0),
    fieldMask: (7 << 13) | (7 << 10),
    syntax: kind === 'x' ? 'uxtx|sxtx|lsl {#<0..4>}' : kind === 'w' ? 'uxtb|uxth|uxtw|sxtb|sxth|sxtw {#<0..4>}' : '<extend>|lsl {#<0..4>}',
    requirement: kind === 'x' ? 'uxtx, sxtx or lsl by 0..4' : kind === 'w' ? 'uxtb, uxth, uxtw, sxtb, sxth or sxtw by 0..4' : 'an extend or lsl by 0..4',
    encode(operand: ExtendOperand | ShiftOperand) {
      let option: number;
      if (operand instanceof ShiftOperand) {
        if (operand.type !== 0 || lslOption < 0) return NONE;
        option = lslOption;
      } else {
        option = operand.type;
        if (!optionFits(option)) return NONE;
      }
      const amount = operand.amount ?? 0;
      if (amount < 0 || amount > 4 || !Number.isInteger(amount)) return NONE;
      return (option << 13) | (amount << 10);
    },
    decode(word) {
      const option = (word >>> 13) & 7;
      if (!optionFits(option)) return undefined;
      const amount = (word >>> 10) & 7;
      return amount > 4 ? undefined : new ExtendOperand(option, amount === 0 ? undefined : amount);
    },
  };
}

// ---------------------------------------------------------------- conditions and named operands

/** Named operands may arrive as strings from the fluent API (`'eq'`, `'ish'`); resolved here, where they are used. */
function asNamed(operand: unknown): NamedOperand | undefined {
  if (operand instanceof NamedOperand) return operand;
  return typeof operand === 'string' ? namedOperand(operand) : undefined;
}

/** A condition code at `shift` (4 bits). */
export function condition(shift: number): Slot {
  return {
    accepts: C.COND,
    fieldMask: 15 << shift,
    syntax: '<cond>',
    requirement: 'a condition (eq, ne, hs, lo, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al, nv)',
    encode(operand: unknown) {
      const named = asNamed(operand);
      return named === undefined || named.namespace !== 'cond' ? NONE : named.value << shift;
    },
    decode: (word) => namedOperandByValue('cond', (word >>> shift) & 15),
  };
}

/**
 * The condition of cset/csetm/cinc/cinv/cneg: stored inverted (cond XOR 1) at bits 12..15 because the
 * alias selects the *other* operand when the condition holds; al and nv have no inverse.
 */
export const invertedCondition: Slot = {
  accepts: C.COND,
  fieldMask: 15 << 12,
  syntax: '<cond>',
  requirement: 'a condition other than al and nv',
  encode(operand: unknown) {
    const named = asNamed(operand);
    return named === undefined || named.namespace !== 'cond' || named.value >= 14 ? NONE : (named.value ^ 1) << 12;
  },
  decode(word) {
    const stored = (word >>> 12) & 15;
    return stored >= 14 ? undefined : namedOperandByValue('cond', stored ^ 1);
  },
};

/** An operand that must be one particular name (`dc cvau`, `ic ivau`); the form's fixed bits carry it. */
export function keyword(operand: NamedOperand): Slot {
  return {
    accepts: operand.cls,
    fieldMask: 0,
    syntax: operand.name,
    requirement: `exactly ${operand.name}`,
    encode(given: unknown) {
      const named = asNamed(given);
      return named !== undefined && named.namespace === operand.namespace && named.value === operand.value ? 0 : NONE;
    },
    decode: () => operand,
  };
}

/** DMB/DSB/ISB option in CRm (bits 8..11): a name (ish, sy, ...) or #0..15. */
export const barrierOption: Slot = {
  accepts: C.NAMED | C.IMM,
  fieldMask: 15 << 8,
  syntax: '<option>|#<imm4>',
  requirement: 'a barrier option (sy, ish, ishld, ishst, nsh, osh, ld, st, ...) or #0..15',
  encode(operand: unknown) {
    const named = asNamed(operand);
    if (named !== undefined) return named.namespace === 'barrier' ? named.value << 8 : NONE;
    const value = integerValue(operand);
    return value === undefined || value < 0 || value > 15 ? NONE : value << 8;
  },
  decode: (word) => namedOperandByValue('barrier', (word >>> 8) & 15) ?? (word >>> 8) & 15,
};

/** ISB's option: only sy (the default) or #0..15. */
export const isbOption: Slot = {
  ...barrierOption,
  syntax: 'sy|#<imm4>',
  requirement: 'sy or #0..15',
  encode: (operand: unknown) => {
    const named = asNamed(operand);
    return named !== undefined && named.value !== 15 ? NONE : barrierOption.encode(operand, undefined as never);
  },
  decode: (word) => (((word >>> 8) & 15) === 15 ? namedOperandByValue('barrier', 15) : (word >>> 8) & 15),
};

/** The system register of MRS/MSR: o0:op1:CRn:CRm:op2 in bits 5..19. */
export const systemRegister: Slot = {
  accepts: C.NAMED,
  fieldMask: 0x7fff << 5,
  syntax: '<sysreg>',
  requirement: 'a system register: ctr_el0, dczid_el0, tpidr_el0, tpidrro_el0, nzcv, fpcr, fpsr, cntfrq_el0, cntvct_el0',
  encode(operand: unknown) {
    const named = asNamed(operand);
    return named !== undefined && named.namespace === 'sysreg' ? named.value << 5 : NONE;
  },
  decode: (word) => namedOperandByValue('sysreg', (word >>> 5) & 0x7fff),
};

// ---------------------------------------------------------------- PC-relative targets

/**
 * A branch or literal target: a Label (fixed up at finalize), a bigint absolute address (fixed up against
 * the load address), or a number: a byte offset from this instruction, as llvm-mc writes `b #8`. Text's
 * `.+8` (LocationOperand) is that same offset: the field is PC-relative to the instruction (Arm ARM C6.2
 * B: "PC-relative offset ... from the address of this instruction").
 */
function wordOffsetTarget(bits: number, shift: number, format: typeof branch26): Slot {
  const limit = 2 ** (bits + 1);
  const mask = (1 << bits) - 1;
  return {
    labelFormat: format,
    accepts: C.LABEL | C.IMM,
    fieldMask: (mask << shift) >>> 0,
    syntax: '<label>',
    requirement: `a label, an absolute bigint address, or a byte offset (#n or .+n) that is a multiple of 4 in -${limit}..${limit - 4}`,
    encode(target: unknown, context) {
      const operand = target instanceof LocationOperand ? target.offset : target;
      if (typeof operand === 'number') {
        if ((operand & 3) !== 0 || operand < -limit || operand > limit - 4 || !Number.isInteger(operand)) return NONE;
        return ((operand / 4) & mask) << shift;
      }
      if (operand instanceof Label || typeof operand === 'bigint') {
        context.requestFixup(format, operand, 0);
        return 0;
      }
      return NONE;
    },
    pcRelative: 'byte',
    decode: (word) => ((((word >>> shift) & mask) << (32 - bits)) >> (32 - bits)) * 4,
  };
}
export const target26 = wordOffsetTarget(26, 0, branch26);
export const target19 = wordOffsetTarget(19, 5, branch19);
export const target14 = wordOffsetTarget(14, 5, branch14);

/**
 * ADR's ±1 MiB byte offset, or ADRP's ±4 GiB page offset (a multiple of 4096 when given as a number). A
 * text location `.+n` is a byte offset for ADR; for ADRP it is the address n bytes from the instruction,
 * whose page distance (Arm ARM C6.2 ADRP: (PC+n)<63:12> - PC<63:12>) depends on where the code is loaded,
 * so it becomes a fixup to a label at the instruction with addend n, resolved at finalize like any label.
 */
function adrTarget(page: boolean): Slot {
  const unit = page ? 4096 : 1;
  const limit = (1 << 20) * unit;
  return {
    labelFormat: page ? undefined : adr21,
    accepts: C.LABEL | C.IMM,
    fieldMask: (3 << 29) | (0x7ffff << 5),
    syntax: '<label>',
    requirement: page ? 'a label, a location .+n within ±4 GiB, an absolute bigint address, or a page offset: a multiple of 4096 within ±4 GiB' : 'a label, an absolute bigint address, or a byte offset (#n or .+n) within ±1 MiB',
    encode(target: unknown, context) {
      if (target instanceof LocationOperand && page) {
        if (!Number.isSafeInteger(target.offset) || target.offset < -(2 ** 32) || target.offset >= 2 ** 32) return NONE;
        context.requestFixup(adrpPage21, context.labelHere(), target.offset);
        return 0;
      }
      const operand = target instanceof LocationOperand ? target.offset : target;
      if (typeof operand === 'number') {
        if (!Number.isInteger(operand) || operand % unit !== 0 || operand < -limit || operand >= limit) return NONE;
        return adrField(operand / unit);
      }
      if (operand instanceof Label || typeof operand === 'bigint') {
        context.requestFixup(page ? adrpPage21 : adr21, operand, 0);
        return 0;
      }
      return NONE;
    },
    pcRelative: page ? 'page' : 'byte',
    decode(word) {
      const raw = (((word >>> 5) & 0x7ffff) << 2) | ((word >>> 29) & 3);
      return ((raw << 11) >> 11) * unit;
    },
  };
}
export const adrTarget21 = adrTarget(false);
export const adrpTarget21 = adrTarget(true);

/** `:lo12:target` in ADD (immediate): the low 12 bits of the target address, unscaled. */
export const lo12AddImmediate: Slot = {
  accepts: C.LO12,
  fieldMask: 0xfff << 10,
  syntax: ':lo12:<label>',
  requirement: 'a :lo12: reference',
  encode(operand: Lo12Reference, context) {
    context.requestFixup(lo12ByScale[1]!, operand.target, operand.addend);
    return 0;
  },
  decode: () => undefined,
};

// ---------------------------------------------------------------- memory operands

/** A memory slot's `memoryShapes` bit for one MemoryShape. */
function shapeBit(shape: number): number {
  return 1 << shape;
}

function decodeBase(word: number): Register {
  const index = (word >>> 5) & 31;
  return index === 31 ? sp : gp64[index]!;
}

/**
 * An access size as a shift and a mask of the bits an offset must not have, held in `const`s by the slot
 * factories: once V8 inlines a slot's encoder, `const` context values are folded into shifts and ANDs by
 * constants (a `%` or `/` by a captured parameter would be an integer division on every operand).
 */
function accessScale(scale: number): readonly [units: number, misaligned: number] {
  if (scale < 1 || (scale & (scale - 1)) !== 0) throw new Error(`table error: access size ${scale} is not a power of two`);
  return [31 - Math.clz32(scale), scale - 1];
}

/** `[Xn|SP{, #imm}]` with imm12 counting units of the access size (LDR/STR unsigned offset), or `:lo12:`. */
export function memoryUnsignedOffset(scale: number): Slot {
  const max = 4095 * scale;
  const [units, misaligned] = accessScale(scale);
  return {
    accepts: C.MEM,
    memoryShapes: shapeBit(MemoryShape.Immediate) | shapeBit(MemoryShape.Lo12),
    fieldMask: (0xfff << 10) | (31 << 5),
    syntax: `[<Xn|SP>{, #<0..${max}>}]`,
    requirement: `[base, #offset] with offset a multiple of ${scale} in 0..${max}`,
    encode(operand: MemoryOperand, context) {
      const shape = operand.shape;
      const base = operand.baseField;
      if ((shape !== MemoryShape.Immediate && shape !== MemoryShape.Lo12) || base < 0) return NONE;
      if (shape === MemoryShape.Lo12) {
        context.requestFixup(lo12ByScale[scale]!, operand.lo12!.target, operand.lo12!.addend);
        return base;
      }
      const offset = operand.offset;
      if (offset < 0 || offset > max || (offset & misaligned) !== 0 || (offset | 0) !== offset) return NONE;
      return base | ((offset >> units) << 10);
    },
    decode: (word) => new MemoryOperand(decodeBase(word), AddressingMode.Offset, ((word >>> 10) & 0xfff) * scale),
  };
}

/** `[Xn|SP, #simm9]`, `[Xn|SP, #simm9]!` or `[Xn|SP], #simm9` (unscaled, pre- and post-index). */
export function memorySigned9(mode: AddressingMode): Slot {
  const shape = mode === AddressingMode.Offset ? '[<Xn|SP>{, #<simm9>}]' : mode === AddressingMode.PreIndex ? '[<Xn|SP>, #<simm9>]!' : '[<Xn|SP>], #<simm9>';
  return {
    accepts: C.MEM,
    memoryShapes: shapeBit(mode),
    fieldMask: (0x1ff << 12) | (31 << 5),
    syntax: shape,
    requirement: `${shape} with simm9 in -256..255`,
    encode(operand: MemoryOperand) {
      // the immediate shapes equal their addressing mode
      if (operand.shape !== mode) return NONE;
      const base = operand.baseField;
      const offset = operand.offset;
      if (base < 0 || offset < -256 || offset > 255) return NONE;
      return base | ((offset & 0x1ff) << 12);
    },
    decode: (word) => new MemoryOperand(decodeBase(word), mode, (((word >>> 12) & 0x1ff) << 23) >> 23),
  };
}

/** `[Xn|SP, #simm7*scale]`, pre- or post-index: LDP/STP's imm7 at bits 15..21. */
export function memoryPair(scale: number, mode: AddressingMode): Slot {
  const min = -64 * scale;
  const max = 63 * scale;
  const [units, misaligned] = accessScale(scale);
  const wanted = mode;
  return {
    accepts: C.MEM,
    memoryShapes: shapeBit(mode),
    fieldMask: (0x7f << 15) | (31 << 5),
    syntax: mode === AddressingMode.Offset ? '[<Xn|SP>{, #<imm>}]' : mode === AddressingMode.PreIndex ? '[<Xn|SP>, #<imm>]!' : '[<Xn|SP>], #<imm>',
    requirement: `an offset that is a multiple of ${scale} in ${min}..${max}`,
    encode(operand: MemoryOperand) {
      if (operand.shape !== wanted) return NONE;
      const base = operand.baseField;
      const offset = operand.offset;
      if (base < 0 || offset < min || offset > max || (offset & misaligned) !== 0 || (offset | 0) !== offset) return NONE;
      return base | (((offset >> units) & 0x7f) << 15);
    },
    decode: (word) => new MemoryOperand(decodeBase(word), mode, ((((word >>> 15) & 0x7f) << 25) >> 25) * scale),
  };
}

/**
 * `[Xn|SP, Rm{, extend {#amount}}]`: option at 13..15 (uxtw 010 and sxtw 110 take Wm; lsl 011 and sxtx 111
 * take Xm), S at bit 12 scales the index by the access size. For byte accesses the amount can only be 0,
 * and S records whether `#0` was written.
 */
export function memoryRegisterOffset(sizeLog2: number): Slot {
  return {
    accepts: C.MEM,
    memoryShapes: shapeBit(MemoryShape.RegisterOffset),
    fieldMask: (31 << 16) | (7 << 13) | (1 << 12) | (31 << 5),
    syntax: `[<Xn|SP>, <Wm|Xm>{, uxtw|lsl|sxtw|sxtx {#${sizeLog2}}}]`,
    requirement: `[base, index{, lsl|uxtw|sxtw|sxtx #0 or #${sizeLog2}}]`,
    encode(operand: MemoryOperand) {
      const index = operand.index!;
      const base = operand.baseField;
      if (operand.shape !== MemoryShape.RegisterOffset || base < 0) return NONE;
      const indexIs64 = index.cls === C.X || index.cls === C.XZR;
      if (!indexIs64 && index.cls !== C.W && index.cls !== C.WZR) return NONE;
      const extend = operand.extend;
      let option: number;
      if (extend === null || extend === 'lsl') option = 3;
      else if (extend === 'uxtw') option = 2;
      else if (extend === 'sxtw') option = 6;
      else if (extend === 'sxtx') option = 7;
      else return NONE;
      if ((option === 3 || option === 7) !== indexIs64) return NONE;
      if (extend === null && !indexIs64) return NONE;
      const amount = operand.amount;
      let scaled: number;
      if (sizeLog2 === 0) scaled = amount === undefined ? 0 : amount === 0 ? 1 : NONE;
      else scaled = amount === undefined || amount === 0 ? 0 : amount === sizeLog2 ? 1 : NONE;
      if (scaled < 0 || (extend === 'lsl' && amount === undefined)) return NONE;
      return base | (index.index << 16) | (option << 13) | (scaled << 12);
    },
    decode(word) {
      const option = (word >>> 13) & 7;
      if ((option & 2) === 0) return undefined;
      const scaled = (word >>> 12) & 1;
      const indexIs64 = (option & 1) === 1;
      const index = (indexIs64 ? gp64 : gp32)[(word >>> 16) & 31]!;
      const extend = option === 3 ? 'lsl' : (extendNames[option] as 'uxtw');
      const amount = scaled === 1 ? sizeLog2 : undefined;
      if (option === 3 && amount === undefined) return new MemoryOperand(decodeBase(word), AddressingMode.Offset, 0, index);
      return new MemoryOperand(decodeBase(word), AddressingMode.Offset, 0, index, extend, amount);
    },
  };
}

/** `[Xn|SP]` (or `[Xn|SP, #0]`): exclusives, acquire/release, atomics and ld1/st1 take no offset. */
export const memoryBaseOnly: Slot = {
  accepts: C.MEM,
  memoryShapes: shapeBit(MemoryShape.Immediate),
  fieldMask: 31 << 5,
  syntax: '[<Xn|SP>]',
  requirement: '[base] with no offset',
  encode(operand: MemoryOperand) {
    return operand.shape !== MemoryShape.Immediate || operand.offset !== 0 ? NONE : operand.baseField;
  },
  decode: (word) => new MemoryOperand(decodeBase(word), AddressingMode.Offset, 0),
};

/** `[Xn|SP], #bytes` for LD1/ST1 post-index by exactly the bytes transferred (Rm = 31 in the fixed bits). */
export function memoryPostIndexBytes(bytes: number): Slot {
  return {
    accepts: C.MEM,
    memoryShapes: shapeBit(MemoryShape.PostIndexImmediate),
    fieldMask: 31 << 5,
    syntax: `[<Xn|SP>], #${bytes}`,
    requirement: `post-index by exactly #${bytes} (the bytes transferred) or by a register`,
    encode: (operand: MemoryOperand) => (operand.shape !== MemoryShape.PostIndexImmediate || operand.offset !== bytes ? NONE : operand.baseField),
    decode: (word) => new MemoryOperand(decodeBase(word), AddressingMode.PostIndex, bytes),
  };
}

/** `[Xn|SP], Xm` for LD1/ST1 post-index by a register (Xm at 16..20; 31 would mean the immediate form). */
export const memoryPostIndexRegister: Slot = {
  accepts: C.MEM,
  memoryShapes: shapeBit(MemoryShape.PostIndexRegister),
  fieldMask: (31 << 16) | (31 << 5),
  syntax: '[<Xn|SP>], <Xm>',
  requirement: 'post-index by x0..x30',
  encode(operand: MemoryOperand) {
    const index = operand.index!;
    if (operand.shape !== MemoryShape.PostIndexRegister || index.cls !== C.X) return NONE;
    const base = operand.baseField;
    return base < 0 ? NONE : base | (index.index << 16);
  },
  decode(word) {
    const m = (word >>> 16) & 31;
    return m === 31 ? undefined : new MemoryOperand(decodeBase(word), AddressingMode.PostIndex, 0, gp64[m]!);
  },
};

// ---------------------------------------------------------------- SIMD immediates

/** SHL's shift in immh:immb (bits 16..22) = element bits + shift, shift 0..esize-1. */
export function leftShiftImmediate(elementBits: number): Slot {
  return {
    accepts: C.IMM,
    fieldMask: 0x7f << 16,
    syntax: `#<0..${elementBits - 1}>`,
    requirement: `a shift 0..${elementBits - 1}`,
    encode: (operand: unknown) => (!isInteger(operand) || operand < 0 || operand >= elementBits ? NONE : (elementBits + operand) << 16),
    decode: (word) => ((word >>> 16) & 0x7f) - elementBits,
  };
}

/** USHR/SSHR's shift in immh:immb = 2 * element bits - shift, shift 1..esize. */
export function rightShiftImmediate(elementBits: number): Slot {
  return {
    accepts: C.IMM,
    fieldMask: 0x7f << 16,
    syntax: `#<1..${elementBits}>`,
    requirement: `a shift 1..${elementBits}`,
    encode: (operand: unknown) => (!isInteger(operand) || operand < 1 || operand > elementBits ? NONE : (2 * elementBits - operand) << 16),
    decode: (word) => 2 * elementBits - ((word >>> 16) & 0x7f),
  };
}

/**
 * The #fbits of a fixed-point conversion (SCVTF/UCVTF/FCVTZS/FCVTZU, scalar fixed-point): `scale` at bits
 * 10..15 holds 64 - fbits; fbits is 1..64 for a 64-bit general register and 1..32 for a 32-bit one (with
 * sf = 0 a scale below 32 is unallocated).
 */
export function fixedPointBits(width: 32 | 64): Slot {
  return {
    accepts: C.IMM,
    fieldMask: 63 << 10,
    syntax: `#<fbits 1..${width}>`,
    requirement: `a number of fraction bits 1..${width}`,
    encode: (operand: unknown) => (!isInteger(operand) || operand < 1 || operand > width ? NONE : (64 - operand) << 10),
    decode(word) {
      const fbits = 64 - ((word >>> 10) & 63);
      return fbits > width ? undefined : fbits;
    },
  };
}

export { conditionNames };

/**
 * `=value` for an LDR (literal) of `size` bytes: the constant goes to the literal pool and the load gets an
 * imm19 fixup to it. The pool is flushed before the load could fall out of its ±1 MiB reach.
 */
export function poolLiteral(size: 4 | 8 | 16, float: boolean): Slot {
  return {
    accepts: C.NAMED,
    fieldMask: 0x7ffff << 5,
    syntax: '=<constant>',
    requirement: float ? `a number that is stored as a ${size * 8}-bit float` : `an integer that fits ${size * 8} bits`,
    encode(operand: LiteralOperand, context) {
      if (!(operand instanceof LiteralOperand)) return NONE;
      const bytes = new Uint8Array(size);
      const view = new DataView(bytes.buffer);
      const value = operand.value;
      if (float) {
        if (typeof value !== 'number' || size === 16) return NONE;
        if (size === 4) view.setFloat32(0, value, true);
        else view.setFloat64(0, value, true);
      } else {
        const bits = BigInt(size * 8);
        const big = typeof value === 'bigint' ? value : Number.isSafeInteger(value) ? BigInt(value) : undefined;
        if (big === undefined || big < -(1n << (bits - 1n)) || big >= 1n << bits) return NONE;
        const unsigned = BigInt.asUintN(size * 8, big);
        for (let i = 0; i < size; i++) bytes[i] = Number((unsigned >> BigInt(8 * i)) & 0xffn);
      }
      context.requestFixup(branch19, context.addConstant(bytes, size), 0);
      return 0;
    },
    decode: () => undefined,
  };
}

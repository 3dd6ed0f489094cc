import { makeForm, type Constraint, type Form, type Slot } from './form.ts';
import * as C from './operand-classes.ts';
import { AddressingMode, NamedOperand, namedOperand, namedOperandByValue, type MemoryOperand } from './operands.ts';
import { Register, gp32, gp64 } from './registers.ts';
import {
  fpr, poolLiteral, memoryBaseOnly, memoryPair, memoryRegisterOffset, memorySigned9, memoryUnsignedOffset, target19,
} from './slots.ts';
import { W32, X64 } from './table-registers.ts';

/**
 * Loads and stores (Arm ARM C4.1.3 "Loads and Stores"). One row per access kind gives the unsigned-offset
 * opcode; the unscaled, pre-index, post-index and register-offset classes differ from it only in bits 24,
 * 21 and 11..10, so their opcodes are derived here rather than repeated.
 */
export const memoryForms: Form[] = [];
const f = (mnemonic: string, bits: number, slots: Slot[], feature: 'base' | 'lse' = 'base', constraint?: Constraint) =>
  memoryForms.push(makeForm(mnemonic, bits, slots, feature, constraint));

function registerNumber(operand: unknown): number {
  return operand instanceof Register && (operand.cls & (C.W | C.X)) !== 0 ? operand.index : -1;
}

/**
 * Arm ARM: a load/store with writeback whose base is also a transfer register is CONSTRAINED UNPREDICTABLE
 * (sp, register 31, cannot be a transfer register, so it never clashes).
 */
function writebackDistinct(transferCount: number): Constraint {
  return {
    rule: 'the writeback base must not also be a transfer register',
    test(operands) {
      const base = (operands[transferCount] as MemoryOperand).base;
      if (base.index === 31) return true;
      for (let i = 0; i < transferCount; i++) if (registerNumber(operands[i]) === base.index) return false;
      return true;
    },
  };
}
const WRITEBACK_SINGLE = writebackDistinct(1);
const WRITEBACK_PAIR = writebackDistinct(2);

/** Arm ARM: LDP with Rt == Rt2 is CONSTRAINED UNPREDICTABLE (both loads would write one register). */
const distinctPair: Constraint = {
  rule: 'a load pair needs two different registers',
  test: (operands) => (operands[0] as Register).index !== (operands[1] as Register).index,
};
const pairLoadWithWriteback: Constraint = {
  rule: 'a load pair needs two different registers, and neither may be the writeback base',
  test: (operands) => distinctPair.test(operands) && WRITEBACK_PAIR.test(operands),
};

/** Arm ARM: a store-exclusive whose status register is also the data or base register is CONSTRAINED UNPREDICTABLE. */
const statusDistinct: Constraint = {
  rule: 'the status register must differ from the data register and the base',
  test(operands) {
    const status = (operands[0] as Register).index;
    const base = (operands[2] as MemoryOperand).base.index;
    return status !== (operands[1] as Register).index && (status !== base || base === 31);
  },
};

interface AccessKind {
  readonly load: string;
  readonly unscaled: string;
  readonly register: Slot;
  readonly sizeLog2: number;
  /** Opcode of the unsigned-offset form: size 111 V 01 opc imm12 Rn Rt. */
  readonly opcode: number;
  /** Opcode of the PC-relative literal form, when there is one. */
  readonly literal?: number;
}

const accessKinds: AccessKind[] = [
  { load: 'strb', unscaled: 'sturb', register: W32.t, sizeLog2: 0, opcode: 0x39000000 },
  { load: 'ldrb', unscaled: 'ldurb', register: W32.t, sizeLog2: 0, opcode: 0x39400000 },
  { load: 'ldrsb', unscaled: 'ldursb', register: X64.t, sizeLog2: 0, opcode: 0x39800000 },
  { load: 'ldrsb', unscaled: 'ldursb', register: W32.t, sizeLog2: 0, opcode: 0x39c00000 },
  { load: 'strh', unscaled: 'sturh', register: W32.t, sizeLog2: 1, opcode: 0x79000000 },
  { load: 'ldrh', unscaled: 'ldurh', register: W32.t, sizeLog2: 1, opcode: 0x79400000 },
  { load: 'ldrsh', unscaled: 'ldursh', register: X64.t, sizeLog2: 1, opcode: 0x79800000 },
  { load: 'ldrsh', unscaled: 'ldursh', register: W32.t, sizeLog2: 1, opcode: 0x79c00000 },
  { load: 'str', unscaled: 'stur', register: W32.t, sizeLog2: 2, opcode: 0xb9000000 },
  { load: 'ldr', unscaled: 'ldur', register: W32.t, sizeLog2: 2, opcode: 0xb9400000, literal: 0x18000000 },
  { load: 'ldrsw', unscaled: 'ldursw', register: X64.t, sizeLog2: 2, opcode: 0xb9800000, literal: 0x98000000 },
  { load: 'str', unscaled: 'stur', register: X64.t, sizeLog2: 3, opcode: 0xf9000000 },
  { load: 'ldr', unscaled: 'ldur', register: X64.t, sizeLog2: 3, opcode: 0xf9400000, literal: 0x58000000 },
  // SIMD&FP registers: V = 1 (bit 26); q uses opc<1> = 1 as the fifth size bit.
  { load: 'str', unscaled: 'stur', register: fpr(C.B, 0), sizeLog2: 0, opcode: 0x3d000000 },
  { load: 'ldr', unscaled: 'ldur', register: fpr(C.B, 0), sizeLog2: 0, opcode: 0x3d400000 },
  { load: 'str', unscaled: 'stur', register: fpr(C.H, 0), sizeLog2: 1, opcode: 0x7d000000 },
  { load: 'ldr', unscaled: 'ldur', register: fpr(C.H, 0), sizeLog2: 1, opcode: 0x7d400000 },
  { load: 'str', unscaled: 'stur', register: fpr(C.S, 0), sizeLog2: 2, opcode: 0xbd000000 },
  { load: 'ldr', unscaled: 'ldur', register: fpr(C.S, 0), sizeLog2: 2, opcode: 0xbd400000, literal: 0x1c000000 },
  { load: 'str', unscaled: 'stur', register: fpr(C.D, 0), sizeLog2: 3, opcode: 0xfd000000 },
  { load: 'ldr', unscaled: 'ldur', register: fpr(C.D, 0), sizeLog2: 3, opcode: 0xfd400000, literal: 0x5c000000 },
  { load: 'str', unscaled: 'stur', register: fpr(C.Q, 0), sizeLog2: 4, opcode: 0x3d800000 },
  { load: 'ldr', unscaled: 'ldur', register: fpr(C.Q, 0), sizeLog2: 4, opcode: 0x3dc00000, literal: 0x9c000000 },
];

const UNSCALED_CLASS = -0x01000000; // bit 24 clear: the imm9 classes
for (const kind of accessKinds) {
  const scale = 1 << kind.sizeLog2;
  const imm9 = kind.opcode + UNSCALED_CLASS;
  f(kind.load, kind.opcode, [kind.register, memoryUnsignedOffset(scale)]);
  f(kind.load, imm9 | 0x0c00, [kind.register, memorySigned9(AddressingMode.PreIndex)], 'base', WRITEBACK_SINGLE);
  f(kind.load, imm9 | 0x0400, [kind.register, memorySigned9(AddressingMode.PostIndex)], 'base', WRITEBACK_SINGLE);
  f(kind.load, (imm9 | 0x00200800) >>> 0, [kind.register, memoryRegisterOffset(kind.sizeLog2)]);
  f(kind.unscaled, imm9, [kind.register, memorySigned9(AddressingMode.Offset)]);
  // An offset the scaled form cannot take (negative or unaligned) is assembled as the unscaled form, as llvm-mc does.
  f(kind.load, imm9, [kind.register, memorySigned9(AddressingMode.Offset)]);
  if (kind.literal !== undefined) {
    f(kind.load, kind.literal, [kind.register, target19]);
    const literalSize = kind.load === 'ldrsw' ? 4 : (scale as 4 | 8 | 16);
    const isFloat = kind.opcode & 0x04000000 ? true : false;
    if (kind.sizeLog2 < 4) f(kind.load, kind.literal, [kind.register, poolLiteral(literalSize, isFloat)]);
  }
}

// ---- load/store pair: opc 101 V mode L imm7 Rt2 Rn Rt; mode 01 post, 10 offset, 11 pre, 00 non-temporal
const pairKinds: [string, number, Slot, Slot, number][] = [
  ['stp', 0x28000000, W32.t, W32.t2, 4], ['ldp', 0x28400000, W32.t, W32.t2, 4], ['ldpsw', 0x68400000, X64.t, X64.t2, 4],
  ['stp', 0xa8000000, X64.t, X64.t2, 8], ['ldp', 0xa8400000, X64.t, X64.t2, 8],
  ['stp', 0x2c000000, fpr(C.S, 0), fpr(C.S, 10), 4], ['ldp', 0x2c400000, fpr(C.S, 0), fpr(C.S, 10), 4],
  ['stp', 0x6c000000, fpr(C.D, 0), fpr(C.D, 10), 8], ['ldp', 0x6c400000, fpr(C.D, 0), fpr(C.D, 10), 8],
  ['stp', 0xac000000, fpr(C.Q, 0), fpr(C.Q, 10), 16], ['ldp', 0xac400000, fpr(C.Q, 0), fpr(C.Q, 10), 16],
];
for (const [name, bits, t, t2, scale] of pairKinds) {
  const isLoad = name !== 'stp';
  const offsetRule = isLoad ? distinctPair : undefined;
  const writebackRule = isLoad ? pairLoadWithWriteback : WRITEBACK_PAIR;
  f(name, bits | 0x01000000, [t, t2, memoryPair(scale, AddressingMode.Offset)], 'base', offsetRule);
  f(name, bits | 0x01800000, [t, t2, memoryPair(scale, AddressingMode.PreIndex)], 'base', writebackRule);
  f(name, bits | 0x00800000, [t, t2, memoryPair(scale, AddressingMode.PostIndex)], 'base', writebackRule);
  if (name !== 'ldpsw') f(isLoad ? 'ldnp' : 'stnp', bits, [t, t2, memoryPair(scale, AddressingMode.Offset)], 'base', offsetRule);
}

// ---- exclusive and acquire/release: size 001000 o2 L o1 Rs o0 Rt2 Rn Rt
const exclusiveSizes: [string, number, Slot][] = [['b', 0x00000000, W32.t], ['h', 0x40000000, W32.t], ['', 0x80000000, W32.t], ['', 0xc0000000, X64.t]];
for (const [suffix, size, t] of exclusiveSizes) {
  f(`ldxr${suffix}`, size | 0x085f7c00, [t, memoryBaseOnly]);
  f(`ldaxr${suffix}`, size | 0x085ffc00, [t, memoryBaseOnly]);
  f(`stxr${suffix}`, size | 0x08007c00, [W32.s, t, memoryBaseOnly], 'base', statusDistinct);
  f(`stlxr${suffix}`, size | 0x0800fc00, [W32.s, t, memoryBaseOnly], 'base', statusDistinct);
  f(`ldar${suffix}`, size | 0x08dffc00, [t, memoryBaseOnly]);
  f(`stlr${suffix}`, size | 0x089ffc00, [t, memoryBaseOnly]);
}

/** Arm ARM: a store-exclusive pair whose status register is also a data register or the base is CONSTRAINED UNPREDICTABLE. */
const pairStatusDistinct: Constraint = {
  rule: 'the status register must differ from both data registers and the base',
  test(operands) {
    const status = (operands[0] as Register).index;
    const base = (operands[3] as MemoryOperand).base.index;
    return status !== (operands[1] as Register).index && status !== (operands[2] as Register).index && (status !== base || base === 31);
  },
};

// ---- exclusive pairs: 1 sz 001000 o2=0 L o1=1 Rs o0 Rt2 Rn Rt (Rs = 11111 for the loads)
for (const [size, t, t2] of [[0x00000000, W32.t, W32.t2], [0x40000000, X64.t, X64.t2]] as const) {
  f('ldxp', size | 0x887f0000, [t, t2, memoryBaseOnly], 'base', distinctPair);
  f('ldaxp', size | 0x887f8000, [t, t2, memoryBaseOnly], 'base', distinctPair);
  f('stxp', size | 0x88200000, [W32.s, t, t2, memoryBaseOnly], 'base', pairStatusDistinct);
  f('stlxp', size | 0x88208000, [W32.s, t, t2, memoryBaseOnly], 'base', pairStatusDistinct);
}

// ---- LSE atomics (Armv8.1): size 111 0 00 A R 1 Rs o3 opc 00 Rn Rt, and CAS: size 001000 1 L 1 Rs o0 11111 Rn Rt
const orderings: [string, number][] = [['', 0], ['a', 1 << 23], ['al', (1 << 23) | (1 << 22)], ['l', 1 << 22]];
const atomicSizes = [['b', 0x00000000, W32.s], ['h', 0x40000000, W32.s], ['', 0x80000000, W32.s], ['', 0xc0000000, X64.s]] as const;
const atomicOperations = [
  ['add', 0x0000], ['clr', 0x1000], ['eor', 0x2000], ['set', 0x3000], ['smax', 0x4000], ['smin', 0x5000], ['umax', 0x6000], ['umin', 0x7000],
] as const;
// ST<op>{L}: the LD<op> with Rt = zr (no value returned), so no acquire form; listed first so it is what disassembly prints.
for (const [operation, opcode] of atomicOperations) {
  for (const [order, orderBits] of [['', 0], ['l', 1 << 22]] as const) {
    for (const [suffix, size, s] of atomicSizes) f(`st${operation}${order}${suffix}`, size | 0x38200000 | orderBits | opcode | 31, [s, memoryBaseOnly], 'lse');
  }
}
for (const [operation, opcode] of [...atomicOperations.map(([name, bits]) => [`ld${name}`, bits] as const), ['swp', 0x8000] as const]) {
  for (const [order, orderBits] of orderings) {
    for (const [suffix, size, t, s] of [['b', 0x00000000, W32.t, W32.s], ['h', 0x40000000, W32.t, W32.s], ['', 0x80000000, W32.t, W32.s], ['', 0xc0000000, X64.t, X64.s]] as const) {
      f(`${operation}${order}${suffix}`, size | 0x38200000 | orderBits | opcode, [s, t, memoryBaseOnly], 'lse');
    }
  }
}
const casOrderings: [string, number][] = [['', 0], ['a', 1 << 22], ['al', (1 << 22) | (1 << 15)], ['l', 1 << 15]];
for (const [order, orderBits] of casOrderings) {
  for (const [suffix, size, t, s] of [['b', 0x00000000, W32.t, W32.s], ['h', 0x40000000, W32.t, W32.s], ['', 0x80000000, W32.t, W32.s], ['', 0xc0000000, X64.t, X64.s]] as const) {
    f(`cas${order}${suffix}`, size | 0x08a07c00 | orderBits, [s, t, memoryBaseOnly], 'lse');
  }
}

// ---- prefetch: PRFM (immediate, literal, register) and PRFUM, the loads of size 11 / opc 10 whose Rt field
// names the prefetch operation instead of a register.
const prefetchOperation: Slot = {
  accepts: C.NAMED | C.IMM,
  fieldMask: 31,
  syntax: '<prfop>|#<imm5>',
  requirement: 'a prefetch operation (pld|pli|pst then l1|l2|l3 then keep|strm, e.g. pldl1keep) or #0..31',
  encode(operand: unknown) {
    if (typeof operand === 'number') return Number.isInteger(operand) && operand >= 0 && operand <= 31 ? operand : -1;
    const named = operand instanceof NamedOperand ? operand : typeof operand === 'string' ? namedOperand(operand) : undefined;
    return named !== undefined && named.namespace === 'prfop' ? named.value : -1;
  },
  // Values with no name (a reserved type or target) print as #imm5, as llvm-mc does.
  decode: (word) => namedOperandByValue('prfop', word & 31) ?? (word & 31),
};
f('prfm', 0xf9800000, [prefetchOperation, memoryUnsignedOffset(8)]);
f('prfm', 0xf8a00800, [prefetchOperation, memoryRegisterOffset(3)]);
f('prfm', 0xd8000000, [prefetchOperation, target19]);
f('prfum', 0xf8800000, [prefetchOperation, memorySigned9(AddressingMode.Offset)]);

// ---- CASP{A,L,AL} (Armv8.1 LSE): compare and swap a pair, 0 sz 001000 0 L 1 Rs o0 11111 Rn Rt. Each pair is an
// even register and the one after it (x30 pairs with xzr); only the even one is encoded.
function pairFirst(width: 32 | 64, shift: number): Slot {
  const name = width === 64 ? 'x' : 'w';
  return {
    accepts: width === 64 ? C.X : C.W,
    fieldMask: 31 << shift,
    syntax: `<${name.toUpperCase()}even>`,
    requirement: `an even-numbered register (${name}0, ${name}2, ... ${name}30) starting a pair`,
    failureCode: 'E_OPERANDS',
    encode: (operand: Register) => ((operand.index & 1) !== 0 ? -1 : operand.index << shift),
    decode(word) {
      const index = (word >>> shift) & 31;
      return (index & 1) !== 0 ? undefined : (width === 64 ? gp64 : gp32)[index];
    },
  };
}
/** The second register of a pair: the one after operand `first` (no bits of its own). */
function pairSecond(width: 32 | 64, shift: number, first: number): Slot {
  const name = width === 64 ? 'x' : 'w';
  return {
    accepts: width === 64 ? C.X | C.XZR : C.W | C.WZR,
    fieldMask: 0,
    syntax: `<${name.toUpperCase()}even+1>`,
    requirement: `the register after the pair's first (${name}1 after ${name}0, ... ${name}zr after ${name}30)`,
    failureCode: 'E_OPERANDS',
    readsOperands: true,
    encode: (operand: Register, context) => (operand.index === (context.operands[first] as Register).index + 1 ? 0 : -1),
    decode(word) {
      const index = (word >>> shift) & 31;
      return (index & 1) !== 0 ? undefined : (width === 64 ? gp64 : gp32)[index + 1];
    },
  };
}
for (const [order, orderBits] of [['', 0], ['a', 1 << 22], ['l', 1 << 15], ['al', (1 << 22) | (1 << 15)]] as const) {
  for (const [width, size] of [[32, 0], [64, 1 << 30]] as const) {
    f(`casp${order}`, 0x08207c00 | size | orderBits, [pairFirst(width, 16), pairSecond(width, 16, 0), pairFirst(width, 0), pairSecond(width, 0, 2), memoryBaseOnly], 'lse');
  }
}

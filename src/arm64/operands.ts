import { Label } from '../asm/label.ts';
import { JitkitError } from '../errors.ts';
import * as C from './operand-classes.ts';
import { Register } from './registers.ts';

/** The A64 `shift` field's names, then msl (the "shifting ones" left shift of MOVI/MVNI, type 4, no field value). */
export const shiftNames = ['lsl', 'lsr', 'asr', 'ror', 'msl'] as const;
export type ShiftName = (typeof shiftNames)[number];
/** Extend names in the order of the A64 `option` field (000 uxtb .. 111 sxtx). */
export const extendNames = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'] as const;
export type ExtendName = (typeof extendNames)[number];

/** `lsl #3` after a register operand. */
export class ShiftOperand {
  readonly cls = C.SHIFT;
  /** 0 lsl, 1 lsr, 2 asr, 3 ror: the A64 `shift` field; 4 msl (MOVI/MVNI only). */
  readonly type: number;
  readonly amount: number;
  constructor(type: number, amount: number) {
    this.type = type;
    this.amount = amount;
  }
  toString(): string {
    return `${shiftNames[this.type]} #${this.amount}`;
  }
}

/** `uxtw #2` after a register operand; `amount` is undefined when the text omitted it. */
export class ExtendOperand {
  readonly cls = C.EXTEND;
  /** The A64 `option` field: index into extendNames. */
  readonly type: number;
  readonly amount: number | undefined;
  constructor(type: number, amount: number | undefined) {
    this.type = type;
    this.amount = amount;
  }
  toString(): string {
    return this.amount === undefined ? extendNames[this.type]! : `${extendNames[this.type]} #${this.amount}`;
  }
}

/** Condition codes, barrier options, system registers and cache operations: operands known by name. */
export class NamedOperand {
  readonly cls: number;
  readonly namespace: 'cond' | 'barrier' | 'sysreg' | 'dc' | 'ic' | 'prfop';
  readonly value: number;
  readonly name: string;
  constructor(cls: number, namespace: NamedOperand['namespace'], value: number, name: string) {
    this.cls = cls;
    this.namespace = namespace;
    this.value = value;
    this.name = name;
  }
  toString(): string {
    return this.name;
  }
}

/** `:lo12:label`: the low 12 bits of a target's address, paired with an `adrp` of the same target. */
export class Lo12Reference {
  readonly cls = C.LO12;
  readonly target: Label | bigint;
  readonly addend: number;
  constructor(target: Label | bigint, addend = 0) {
    this.target = target;
    this.addend = addend;
  }
  toString(): string {
    const name = typeof this.target === 'bigint' ? `0x${this.target.toString(16)}` : String(this.target);
    return `:lo12:${name}${this.addend === 0 ? '' : this.addend > 0 ? `+${this.addend}` : this.addend}`;
  }
}

export const AddressingMode = { Offset: 0, PreIndex: 1, PostIndex: 2 } as const;
export type AddressingMode = (typeof AddressingMode)[keyof typeof AddressingMode];

/**
 * A memory operand's address form as one number, so a slot's encoder rejects every other form with one
 * comparison: the three immediate forms equal their AddressingMode; a register index adds 4 to it, `:lo12:` 8.
 */
export const MemoryShape = { Immediate: 0, PreIndexImmediate: 1, PostIndexImmediate: 2, RegisterOffset: 4, PostIndexRegister: 6, Lo12: 8 } as const;

/**
 * A memory operand: `[base]`, `[base, #off]`, `[base, #off]!`, `[base], #off`, `[base], xm`,
 * `[base, index{, extend #amount}]`, `[base, :lo12:label]`.
 */
export class MemoryOperand {
  readonly cls = C.MEM;
  readonly base: Register;
  readonly mode: AddressingMode;
  readonly offset: number;
  readonly index: Register | null;
  /** For a register index: 'lsl' or an extend name; null when none was written. */
  readonly extend: 'lsl' | ExtendName | null;
  /** Undefined when the text wrote no amount (it matters for byte accesses: `#0` sets the S bit). */
  readonly amount: number | undefined;
  readonly lo12: Lo12Reference | null;
  /** The address form (MemoryShape), computed once: the operand is immutable and usually reused. */
  readonly shape: number;
  /** The base's Rn field (its number at bits 5..9), or -1 when the base is not x0..x30 or sp. */
  readonly baseField: number;
  constructor(
    base: Register,
    mode: AddressingMode,
    offset: number,
    index: Register | null = null,
    extend: 'lsl' | ExtendName | null = null,
    amount: number | undefined = undefined,
    lo12: Lo12Reference | null = null,
  ) {
    this.base = base;
    this.mode = mode;
    this.offset = offset;
    this.index = index;
    this.extend = extend;
    this.amount = amount;
    this.lo12 = lo12;
    this.shape = index !== null ? MemoryShape.RegisterOffset + mode : lo12 !== null ? MemoryShape.Lo12 + mode : mode;
    this.baseField = base.cls === C.X || base.cls === C.SP ? base.index << 5 : -1;
  }

  toString(): string {
    const base = this.base.name;
    if (this.mode === AddressingMode.PostIndex) {
      return `[${base}], ${this.index !== null ? this.index.name : `#${this.offset}`}`;
    }
    let inner = base;
    if (this.index !== null) {
      inner += `, ${this.index.name}`;
      if (this.extend !== null) inner += this.amount === undefined ? `, ${this.extend}` : `, ${this.extend} #${this.amount}`;
    } else if (this.lo12 !== null) {
      inner += `, ${this.lo12}`;
    } else if (this.offset !== 0 || this.mode === AddressingMode.PreIndex) {
      inner += `, #${this.offset}`;
    }
    return this.mode === AddressingMode.PreIndex ? `[${inner}]!` : `[${inner}]`;
  }
}

/**
 * `{ v0.16b, v1.16b }`: consecutive registers (modulo 32) of one arrangement, for ld1..ld4/st1..st4; or of
 * one lane, `{ v0.s, v1.s }[1]` (single-structure loads and stores), given as elements: `list(v0.s(1), v1.s(1))`.
 */
export class VectorList {
  readonly cls = C.LIST;
  readonly registers: readonly Register[];
  constructor(registers: readonly Register[]) {
    this.registers = registers;
  }
  toString(): string {
    return vectorListText(this.registers);
  }
}

/** LLVM syntax of a register list; a list of elements prints the shared lane after the braces. */
export function vectorListText(registers: readonly Register[]): string {
  const lane = registers[0]?.lane ?? -1;
  if (lane < 0) return `{ ${registers.map((r) => r.name).join(', ')} }`;
  return `{ ${registers.map((r) => r.name.slice(0, r.name.indexOf('['))).join(', ')} }[${lane}]`;
}

/**
 * `=value` (llvm-mc's `ldr x0, =0x1234`): a constant placed in the literal pool and loaded PC-relatively.
 * It travels as a named operand so no extra operand class is needed.
 */
export class LiteralOperand {
  readonly cls = C.NAMED;
  readonly namespace = 'literal';
  readonly value: number | bigint;
  constructor(value: number | bigint) {
    this.value = value;
  }
  toString(): string {
    return `=${this.value}`;
  }
}

/**
 * A location relative to the instruction's own address, as assembly text writes it: `.` (the instruction),
 * `.+8`, `.-4`. It stands where a label may (branch, literal-load, ADR and ADRP targets) and nowhere else,
 * which is why it has the label class rather than being a plain number (`mov x0, .+8` is no immediate).
 */
export class LocationOperand {
  readonly cls = C.LABEL;
  /** Bytes from the start of the instruction to the location. */
  readonly offset: number;
  constructor(offset: number) {
    this.offset = offset;
  }
  toString(): string {
    return this.offset === 0 ? '.' : this.offset > 0 ? `.+${this.offset}` : `.-${-this.offset}`;
  }
}

// ---- constructors for the fluent API ----

const shiftCache: ShiftOperand[][] = shiftNames.map((_, type) => Array.from({ length: 64 }, (_, n) => new ShiftOperand(type, n)));
function shift(type: number, amount: number): ShiftOperand {
  return shiftCache[type]![amount] ?? new ShiftOperand(type, amount);
}
export const lsl = (amount: number): ShiftOperand => shift(0, amount);
export const lsr = (amount: number): ShiftOperand => shift(1, amount);
export const asr = (amount: number): ShiftOperand => shift(2, amount);
export const ror = (amount: number): ShiftOperand => shift(3, amount);
/** `msl #8|16` of MOVI/MVNI .2s/.4s: shift left, filling with ones. */
export const msl = (amount: number): ShiftOperand => shift(4, amount);

function extend(type: number) {
  return (amount?: number): ExtendOperand => new ExtendOperand(type, amount);
}
export const uxtb = extend(0);
export const uxth = extend(1);
export const uxtw = extend(2);
export const uxtx = extend(3);
export const sxtb = extend(4);
export const sxth = extend(5);
export const sxtw = extend(6);
export const sxtx = extend(7);

/**
 * `[base, #offset]` or `[base, index{, extend #amount}]` or `[base, :lo12:label]`.
 * `mem(x0)`, `mem(x0, 16)`, `mem(x0, x1, 'lsl', 3)`, `mem(x0, w1, 'sxtw')`, `mem(x0, lo12(label))`.
 */
function checkBase(base: Register): void {
  if (!(base instanceof Register) || (base.kind !== 'x' && base.kind !== 'sp')) {
    throw new JitkitError('E_OPERANDS', `a memory operand's base must be x0..x30 or sp, not ${String(base)}`);
  }
}

export function mem(base: Register, offset?: number | Register | Lo12Reference, extendName?: 'lsl' | ExtendName, amount?: number): MemoryOperand {
  checkBase(base);
  if (offset instanceof Register) return new MemoryOperand(base, AddressingMode.Offset, 0, offset, extendName ?? null, amount);
  if (offset instanceof Lo12Reference) return new MemoryOperand(base, AddressingMode.Offset, 0, null, null, undefined, offset);
  return new MemoryOperand(base, AddressingMode.Offset, offset ?? 0);
}
/** `[base, #offset]!`: add the offset to base, then access. */
export function pre(base: Register, offset: number): MemoryOperand {
  checkBase(base);
  return new MemoryOperand(base, AddressingMode.PreIndex, offset);
}
/** `[base], #offset` or `[base], xm`: access, then add the offset (or register) to base. */
export function post(base: Register, offset: number | Register): MemoryOperand {
  checkBase(base);
  if (offset instanceof Register) return new MemoryOperand(base, AddressingMode.PostIndex, 0, offset);
  return new MemoryOperand(base, AddressingMode.PostIndex, offset);
}
/** `:lo12:target` for `add xd, xn, lo12(label)` and `ldr xt, mem(xn, lo12(label))` after `adrp`. */
export function lo12(target: Label | bigint, addend = 0): Lo12Reference {
  return new Lo12Reference(target, addend);
}
/** `=value`: load a constant from the literal pool, e.g. `a.ldr(x0, literal(0x123456789abcdefn))`. */
export function literal(value: number | bigint): LiteralOperand {
  return new LiteralOperand(value);
}
export function list(...registers: Register[]): VectorList {
  return new VectorList(registers);
}

// ---- operands known by name ----

/** Condition codes in encoding order; `hs`/`lo` are the assembler's synonyms for `cs`/`cc`. */
export const conditionNames = ['eq', 'ne', 'hs', 'lo', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'] as const;
export type ConditionName = (typeof conditionNames)[number] | 'cs' | 'cc';

/** DMB/DSB option names by CRm value (the Arm ARM's barrier-option table). */
const barrierNames: Record<string, number> = {
  oshld: 1, oshst: 2, osh: 3, nshld: 5, nshst: 6, nsh: 7, ishld: 9, ishst: 10, ish: 11, ld: 13, st: 14, sy: 15,
};

/** System registers as op0:op1:CRn:CRm:op2 packed the way MRS/MSR carry them in bits 5..19 (op0 minus 2). */
function sysreg(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return ((op0 - 2) << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}
export const systemRegisters: Record<string, number> = {
  ctr_el0: sysreg(3, 3, 0, 0, 1),
  dczid_el0: sysreg(3, 3, 0, 0, 7),
  tpidr_el0: sysreg(3, 3, 13, 0, 2),
  tpidrro_el0: sysreg(3, 3, 13, 0, 3),
  nzcv: sysreg(3, 3, 4, 2, 0),
  fpcr: sysreg(3, 3, 4, 4, 0),
  fpsr: sysreg(3, 3, 4, 4, 1),
  cntfrq_el0: sysreg(3, 3, 14, 0, 0),
  cntvct_el0: sysreg(3, 3, 14, 0, 2),
};

/**
 * DC and IC operations are SYS instructions; the value is op1:CRn:CRm:op2 in bits 5..18 of SYS.
 * cvau/civac/cvac/zva: op1=3, CRn=7; ivau: op1=3, CRn=7, CRm=5, op2=1.
 */
function sysop(op1: number, crn: number, crm: number, op2: number): number {
  return (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}
export const dataCacheOperations: Record<string, number> = {
  cvau: sysop(3, 7, 11, 1),
  civac: sysop(3, 7, 14, 1),
  cvac: sysop(3, 7, 10, 1),
  zva: sysop(3, 7, 4, 1),
};
export const instructionCacheOperations: Record<string, number> = {
  ivau: sysop(3, 7, 5, 1),
};

/**
 * PRFM/PRFUM operations by their 5-bit Rt value: type (pld 00, pli 01, pst 10) in bits 3..4, target cache
 * level (l1..l3) in bits 1..2, policy (keep 0, strm 1) in bit 0. Other values are written as #imm5.
 */
export const prefetchOperations: Record<string, number> = {};
for (const [type, typeBits] of [['pld', 0], ['pli', 8], ['pst', 16]] as const) {
  for (let level = 1; level <= 3; level++) {
    prefetchOperations[`${type}l${level}keep`] = typeBits | ((level - 1) << 1);
    prefetchOperations[`${type}l${level}strm`] = typeBits | ((level - 1) << 1) | 1;
  }
}

const named = new Map<string, NamedOperand>();
conditionNames.forEach((name, code) => named.set(name, new NamedOperand(C.COND, 'cond', code, name)));
named.set('cs', new NamedOperand(C.COND, 'cond', 2, 'hs'));
named.set('cc', new NamedOperand(C.COND, 'cond', 3, 'lo'));
for (const [name, value] of Object.entries(barrierNames)) named.set(name, new NamedOperand(C.NAMED, 'barrier', value, name));
for (const [name, value] of Object.entries(systemRegisters)) named.set(name, new NamedOperand(C.NAMED, 'sysreg', value, name.toUpperCase()));
for (const [name, value] of Object.entries(dataCacheOperations)) named.set(name, new NamedOperand(C.NAMED, 'dc', value, name));
for (const [name, value] of Object.entries(instructionCacheOperations)) named.set(name, new NamedOperand(C.NAMED, 'ic', value, name));
for (const [name, value] of Object.entries(prefetchOperations)) named.set(name, new NamedOperand(C.NAMED, 'prfop', value, name));

const conditionOperands = conditionNames.map((name) => named.get(name)!);

/**
 * The condition a lower-case name stands for, or undefined: the fluent API's `csel(x0, x1, x2, 'lt')`.
 * A switch over the literals, because a name written in source is an internalized string and each case is
 * then one pointer comparison; the general `namedOperand` hashes into a map of every named operand.
 */
export function conditionOperand(name: string): NamedOperand | undefined {
  switch (name) {
    case 'eq': return conditionOperands[0];
    case 'ne': return conditionOperands[1];
    case 'hs': case 'cs': return conditionOperands[2];
    case 'lo': case 'cc': return conditionOperands[3];
    case 'mi': return conditionOperands[4];
    case 'pl': return conditionOperands[5];
    case 'vs': return conditionOperands[6];
    case 'vc': return conditionOperands[7];
    case 'hi': return conditionOperands[8];
    case 'ls': return conditionOperands[9];
    case 'ge': return conditionOperands[10];
    case 'lt': return conditionOperands[11];
    case 'gt': return conditionOperands[12];
    case 'le': return conditionOperands[13];
    case 'al': return conditionOperands[14];
    case 'nv': return conditionOperands[15];
    default: return undefined;
  }
}

/** The operand a name stands for (`'eq'`, `'ish'`, `'tpidr_el0'`, `'cvau'`), case-insensitive. */
export function namedOperand(name: string): NamedOperand | undefined {
  // Names are nearly always written in lower case already; only other spellings pay for the conversion.
  return named.get(name) ?? named.get(name.toLowerCase());
}

/** The named operand with `value` in `namespace`, for the disassembler. */
export function namedOperandByValue(namespace: NamedOperand['namespace'], value: number): NamedOperand | undefined {
  for (const operand of named.values()) if (operand.namespace === namespace && operand.value === value) return operand;
  return undefined;
}

export function isLabel(value: unknown): value is Label {
  return value instanceof Label;
}

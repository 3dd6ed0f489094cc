import type { CodeBuffer } from '../asm/code-buffer.ts';
import type { FixupFormat } from '../asm/fixup.ts';
import type { Label } from '../asm/label.ts';
import type { RelativeFixupFormat } from './fixups.ts';

/** What a slot's encoder may ask of the assembler while one instruction is being encoded. */
export interface EncodeContext {
  /** Offset of the instruction being encoded. */
  readonly position: number;
  /** The operands of the instruction being encoded (bfi's width slot reads the lsb operand before it); up to five (casp). */
  readonly operands: unknown[];
  /**
   * Asks for a fixup on this instruction's word. Slots that do this come last in their form (after every
   * slot that could still reject the operands), so a requested fixup always belongs to the chosen form.
   */
  requestFixup(format: FixupFormat, target: Label | bigint, addend: number): void;
  /** A new label bound at the instruction being encoded (the base of ADRP's `.+n`). */
  labelHere(): Label;
  /** Places `bytes` in the literal pool (deduplicated) and returns the label of its copy. */
  addConstant(bytes: Uint8Array, alignment: number): Label;
}

/**
 * What the generated per-mnemonic encoders (instruction-encoders.ts) use of the assembler: the buffer, the
 * literal-pool deadline, the pending fixup, and the generic `emit` for everything they do not accept.
 */
export interface EncoderHost extends EncodeContext {
  readonly buffer: CodeBuffer;
  readonly poolDeadline: number;
  readonly writeLimit: number;
  prepareWord(): void;
  storeWord(word: number): EncoderHost;
  pendingFormat: FixupFormat | null;
  flushPool(branchOver: boolean): unknown;
  /** The field bits for a branch to `label` at this instruction, or 0 and a fixup when it is not bound yet. */
  branchTo(label: Label, format: RelativeFixupFormat): number;
  /** Records the pending fixup; returns field bits when it could be resolved at once. */
  commitFixup(): number;
  writeWord(word: number): void;
  emit(forms: readonly Form[], o0?: unknown, o1?: unknown, o2?: unknown, o3?: unknown, o4?: unknown): EncoderHost;
}

/**
 * One operand position of an instruction form: which operand classes it takes, which bits it owns, and how
 * a value becomes those bits and back. `encode` returns the field bits (never bit 31, so always >= 0) or -1
 * when the value does not fit, which lets the encoder try the next form before reporting an error.
 */
export interface Slot {
  /** Bit mask of operand classes (operand-classes.ts) this slot takes. */
  readonly accepts: number;
  /** Bits of the instruction word this slot writes. */
  readonly fieldMask: number;
  /** How the operand is written in a form signature, e.g. `<Xn|SP>` or `#<imm12>`. */
  readonly syntax: string;
  /** What values fit, for error messages. */
  readonly requirement: string;
  encode(operand: any, context: EncodeContext): number;
  /** The operand these bits stand for, or undefined when this slot cannot print them (e.g. `:lo12:`). */
  decode(word: number): unknown;
  /**
   * For a plain 5-bit register field: its shift. The encoder then writes `register.index << shift` itself
   * instead of calling `encode`, which is most operands of most instructions.
   */
  readonly registerShift?: number;
  /** Set when `encode` reads `context.operands` (the generated encoders then fill them in first). */
  readonly readsOperands?: boolean;
  /**
   * Set on memory slots: the MemoryShape values they take, as bits (1 << shape). The generated encoders test
   * it before calling `encode`, so the forms of other address shapes are passed over with one AND.
   */
  readonly memoryShapes?: number;
  /**
   * Set on targets whose label form is a plain PC-relative field (branches, literal loads, ADR): the
   * generated encoders then hand a Label straight to the assembler's `branchTo` with this format.
   */
  readonly labelFormat?: RelativeFixupFormat;
  /** Set on PC-relative targets: the decoded number is a byte offset ('byte') or a page offset ('page'). */
  readonly pcRelative?: 'byte' | 'page';
  /** Error code when the operand's class fits but its value does not (E_RANGE unless said otherwise). */
  readonly failureCode?: 'E_RANGE' | 'E_OPERANDS';
  /** How to print the decoded operand when the default (`#n`, register name) is not LLVM's style. */
  format?(operand: unknown): string;
}

/**
 * A rule across operands that the bit fields alone do not enforce, such as the Arm ARM's CONSTRAINED
 * UNPREDICTABLE register overlaps (a writeback base that is also the transfer register).
 */
export interface Constraint {
  /** True when the operands are acceptable. */
  test(operands: readonly unknown[]): boolean;
  /** The rule, for the error message. */
  readonly rule: string;
}

/** A multi-instruction expansion (mov of any 64-bit constant, ldr =constant); returns false if it does not apply. */
export type MacroExpansion = (assembler: any, operands: unknown[]) => boolean;

/**
 * One instruction form: a mnemonic, its operand slots and the fixed bits. The encoder ORs each slot's field
 * into `bits`; the disassembler matches `word & mask === bits` and decodes the slots.
 */
export interface Form {
  readonly mnemonic: string;
  /** Operand count, and each slot's `accepts` copied onto the form: the encoder's first test reads only the form. */
  readonly count: number;
  readonly accepts0: number;
  readonly accepts1: number;
  readonly accepts2: number;
  readonly accepts3: number;
  /** Only CASP has a fifth operand (`casp x0, x1, x2, x3, [x4]`). */
  readonly accepts4: number;
  readonly bits: number;
  /** Fixed bits: every bit no slot owns (as an unsigned number). */
  readonly mask: number;
  readonly slots: readonly Slot[];
  /** Architecture extension the form needs beyond Armv8.0 (for documentation and llvm-mc flags). */
  readonly feature: Feature;
  readonly macro: MacroExpansion | undefined;
  readonly constraint: Constraint | undefined;
  /** Position in the table; disassembly prefers earlier forms among equally specific ones. */
  readonly order: number;
}

/** Armv8.0 with FP and Advanced SIMD ('base'), Armv8.1 LSE atomics, Armv8.2 half-precision arithmetic (FEAT_FP16). */
export type Feature = 'base' | 'lse' | 'fp16';

let nextOrder = 0;

/**
 * Slots come from the catalogue as object literals of varying shapes; copying each into one class gives
 * every slot the same hidden class, so the encoder's property loads stay monomorphic in V8.
 */
class SlotRecord implements Slot {
  readonly accepts: number;
  readonly fieldMask: number;
  readonly syntax: string;
  readonly requirement: string;
  readonly encode: Slot['encode'];
  readonly decode: Slot['decode'];
  readonly format: Slot['format'];
  readonly pcRelative: Slot['pcRelative'];
  readonly labelFormat: Slot['labelFormat'];
  readonly memoryShapes: Slot['memoryShapes'];
  readonly failureCode: Slot['failureCode'];
  readonly registerShift: number;
  readonly readsOperands: boolean;

  constructor(slot: Slot) {
    this.readsOperands = slot.readsOperands === true;
    this.registerShift = slot.registerShift ?? -1;
    this.accepts = slot.accepts;
    this.fieldMask = slot.fieldMask;
    this.syntax = slot.syntax;
    this.requirement = slot.requirement;
    this.encode = slot.encode;
    this.decode = slot.decode;
    this.format = slot.format;
    this.pcRelative = slot.pcRelative;
    this.labelFormat = slot.labelFormat;
    this.memoryShapes = slot.memoryShapes;
    this.failureCode = slot.failureCode;
  }
}

class FormRecord implements Form {
  readonly mnemonic: string;
  readonly count: number;
  readonly accepts0: number;
  readonly accepts1: number;
  readonly accepts2: number;
  readonly accepts3: number;
  readonly accepts4: number;
  readonly bits: number;
  readonly mask: number;
  readonly slots: readonly Slot[];
  readonly feature: Feature;
  readonly macro: MacroExpansion | undefined;
  readonly constraint: Constraint | undefined;
  readonly order: number;

  constructor(mnemonic: string, bits: number, mask: number, slots: readonly Slot[], feature: Feature, macro: MacroExpansion | undefined, constraint: Constraint | undefined) {
    this.mnemonic = mnemonic;
    this.slots = slots.map((slot) => (slot instanceof SlotRecord ? slot : new SlotRecord(slot)));
    this.count = slots.length;
    // A slot the form does not have accepts everything (-1): the encoder gives absent operands class -1.
    this.accepts0 = slots[0]?.accepts ?? -1;
    this.accepts1 = slots[1]?.accepts ?? -1;
    this.accepts2 = slots[2]?.accepts ?? -1;
    this.accepts3 = slots[3]?.accepts ?? -1;
    this.accepts4 = slots[4]?.accepts ?? -1;
    // Kept as a signed 32-bit value so the field stays a small integer and `|` needs no conversion.
    this.bits = bits | 0;
    this.mask = mask >>> 0;
    this.feature = feature;
    this.macro = macro;
    this.constraint = constraint;
    this.order = nextOrder++;
  }
}

export function makeForm(mnemonic: string, bits: number, slots: readonly Slot[], feature: Feature = 'base', constraint?: Constraint): Form {
  let owned = 0;
  for (const slot of slots) {
    if ((owned & slot.fieldMask) !== 0 && !sharesFieldOnPurpose(slot)) {
      throw new Error(`table error: ${mnemonic} slots overlap at 0x${(owned & slot.fieldMask).toString(16)}`);
    }
    owned |= slot.fieldMask;
  }
  if ((bits & owned) !== 0) throw new Error(`table error: ${mnemonic} fixed bits 0x${(bits >>> 0).toString(16)} overlap its fields`);
  return new FormRecord(mnemonic, bits, ~owned, slots, feature, undefined, constraint);
}

/** Slots that write a field another slot also writes (bitfield width reads lsb and re-derives it). */
function sharesFieldOnPurpose(slot: Slot): boolean {
  return (slot as { sharesField?: boolean }).sharesField === true;
}

export function makeMacro(mnemonic: string, slots: readonly Slot[], macro: MacroExpansion): Form {
  return new FormRecord(mnemonic, 0, 0, slots, 'base', macro, undefined);
}

export function formSignature(form: Form): string {
  return form.slots.length === 0 ? form.mnemonic : `${form.mnemonic} ${form.slots.map((s) => s.syntax).join(', ')}`;
}

import type { FixupFormat } from '../asm/fixup.ts';
import type { Label } from '../asm/label.ts';

/** What a slot's encoder may ask of the assembler while one instruction is being encoded. */
export interface EncodeContext {
  /** Offset of the instruction being encoded. */
  readonly position: number;
  /** The operands of the instruction being encoded (bfi's width slot reads the lsb operand before it). */
  readonly operands: unknown[];
  /** Asks for a fixup on this instruction's word; it is kept only if the form is chosen. */
  requestFixup(format: FixupFormat, target: Label | bigint, addend: number): void;
  /** Places `bytes` in the literal pool (deduplicated) and returns the label of its copy. */
  addConstant(bytes: Uint8Array, alignment: number): Label;
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
  readonly bits: number;
  /** Fixed bits: every bit no slot owns. */
  readonly mask: number;
  readonly slots: readonly Slot[];
  /** Architecture extension the form needs beyond Armv8.0 (for documentation and llvm-mc flags). */
  readonly feature: 'base' | 'lse';
  readonly macro: MacroExpansion | undefined;
  readonly constraint: Constraint | undefined;
  /** Position in the table; disassembly prefers earlier forms among equally specific ones. */
  readonly order: number;
}

let nextOrder = 0;

export function makeForm(mnemonic: string, bits: number, slots: readonly Slot[], feature: 'base' | 'lse' = 'base', constraint?: Constraint): Form {
  let owned = 0;
  for (const slot of slots) {
    if ((owned & slot.fieldMask) !== 0 && !sharesFieldOnPurpose(slot)) {
      throw new Error(`table error: ${mnemonic} slots overlap at 0x${(owned & slot.fieldMask).toString(16)}`);
    }
    owned |= slot.fieldMask;
  }
  if ((bits & owned) !== 0) throw new Error(`table error: ${mnemonic} fixed bits 0x${(bits >>> 0).toString(16)} overlap its fields`);
  return { mnemonic, bits: bits >>> 0, mask: ~owned >>> 0, slots, feature, macro: undefined, constraint, order: nextOrder++ };
}

/** Slots that write a field another slot also writes (bitfield width reads lsb and re-derives it). */
function sharesFieldOnPurpose(slot: Slot): boolean {
  return (slot as { sharesField?: boolean }).sharesField === true;
}

export function makeMacro(mnemonic: string, slots: readonly Slot[], macro: MacroExpansion): Form {
  return { mnemonic, bits: 0, mask: 0, slots, feature: 'base', macro, constraint: undefined, order: nextOrder++ };
}

export function formSignature(form: Form): string {
  return form.slots.length === 0 ? form.mnemonic : `${form.mnemonic} ${form.slots.map((s) => s.syntax).join(', ')}`;
}

import type { Form } from './form.ts';
import { Kind } from './operand-kind.ts';
import { expandTable } from './table-expand.ts';
import { TABLE_TEXTS } from './table/index.ts';

/**
 * The expanded instruction table, indexed by mnemonic at load time: the assembler looks a mnemonic up
 * once (a number) and then scans only that mnemonic's forms, in table order.
 */
export const FORMS: readonly Form[] = expandTable(TABLE_TEXTS);

/** Every mnemonic, sorted; a mnemonic's id is its index here. */
export const MNEMONICS: readonly string[] = [...new Set(FORMS.map((form) => form.mnemonic))].sort();

const idByName = new Map<string, number>(MNEMONICS.map((name, id) => [name, id]));

export const FORMS_BY_MNEMONIC: readonly (readonly Form[])[] = MNEMONICS.map(() => [] as Form[]);
for (const form of FORMS) {
  form.mnemonicId = idByName.get(form.mnemonic)!;
  (FORMS_BY_MNEMONIC[form.mnemonicId] as Form[]).push(form);
}

/** The match flags of `FormList.extras`: what a form needs checked beyond its operand kinds. */
export const MATCH_IMMEDIATE = 1; // an immediate range check
export const MATCH_MERGE_MASK = 2; // {k} merge-masking allowed
export const MATCH_ZERO_MASK = 4; // {k}{z} zeroing allowed
export const MATCH_SHAPE = 8; // a VSIB or moffs shape check
export const MATCH_MASK_REQUIRED = 16; // a write mask required (gathers, scatters)
export const MATCH_ROUNDING = 32; // a rounding or {sae} operand
export const MATCH_FIVE_OPERANDS = 64; // `…, {sae}, imm8`, matched by Assembler.encodeFiveOperands
/** The broadcast count ({1toN}) sits above the flags. */
export const MATCH_BROADCAST_SHIFT = 8;

/**
 * One mnemonic's forms laid out for the matcher. `specs` packs the four slot specs of form i at
 * [4i, 4i+4) with `Kind.NONE` in unused slots, so a candidate is rejected by four AND tests on one
 * typed array (no property loads through Form, no count compare). `extras` marks forms that need more
 * than the kind test: bit 0 an immediate range check, bit 1 merge-masking allowed, bit 2 zeroing allowed,
 * bit 3 a VSIB or moffs shape check, bit 4 a write mask required, bit 5 a rounding operand, bit 6 a fifth operand (the
 * `…, {sae}, imm8` forms, matched apart by Assembler.encodeFiveOperands), bits 8+ the broadcast count.
 *
 * `cache` remembers, for the last two operand-kind signatures seen, the index of the first form whose
 * kinds match (stride 7: k0 k1 k2 k3 decoration|broadcast<<4, VSIB shape, index). Code generators emit the same few
 * shapes over and over, so the scan usually starts at the answer. Starting there is exact: every earlier
 * form was rejected by kinds, masking or broadcast alone, which the key captures; the immediate check
 * still runs and moves on to later (longer) forms when the value does not fit.
 */
export class FormList {
  readonly forms: readonly Form[];
  readonly specs: Int32Array;
  readonly extras: Int32Array;
  readonly cache = new Int32Array(14);
  /** Which cache entry the next miss replaces. */
  victim = 0;

  constructor(forms: readonly Form[]) {
    this.forms = forms;
    this.specs = new Int32Array(forms.length * 4);
    this.extras = new Int32Array(forms.length);
    forms.forEach((form, i) => {
      const specs = [form.spec0, form.spec1, form.spec2, form.spec3];
      for (let slot = 0; slot < 4; slot++) this.specs[i * 4 + slot] = slot < form.count ? specs[slot]! : Kind.NONE;
      this.extras[i] = (form.immCheckOp >= 0 ? MATCH_IMMEDIATE : 0) | (form.maskMode >= 1 ? MATCH_MERGE_MASK : 0) |
        (form.maskMode >= 2 ? MATCH_ZERO_MASK : 0) | (form.vsibOp >= 0 || form.moffsOp >= 0 ? MATCH_SHAPE : 0) |
        (form.maskRequired ? MATCH_MASK_REQUIRED : 0) | (form.roundingOp >= 0 ? MATCH_ROUNDING : 0) |
        (form.count > 4 ? MATCH_FIVE_OPERANDS : 0) | (form.broadcastCount << MATCH_BROADCAST_SHIFT);
    });
  }
}

export const FORM_LISTS: readonly FormList[] = FORMS_BY_MNEMONIC.map((forms) => new FormList(forms));

/**
 * Branches with both a rel8 and a rel32 form (jmp, jcc) are laid out by the assembler's relaxation:
 * these give the two forms per mnemonic id (undefined when the mnemonic has no such pair).
 */
export const SHORT_BRANCH: readonly (Form | undefined)[] = FORMS_BY_MNEMONIC.map((forms) =>
  forms.find((form) => form.relSize === 1 && forms.some((other) => other.relSize === 4)));
export const NEAR_BRANCH: readonly (Form | undefined)[] = FORMS_BY_MNEMONIC.map((forms) =>
  forms.find((form) => form.relSize === 4 && forms.some((other) => other.relSize === 1)));

/** The id of `mnemonic` (lower case), or -1 when the table has no such instruction. */
export function mnemonicId(mnemonic: string): number {
  return idByName.get(mnemonic) ?? idByName.get(mnemonic.toLowerCase()) ?? -1;
}

import type { Form } from './form.ts';
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

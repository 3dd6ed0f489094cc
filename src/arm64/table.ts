import { formSignature, makeMacro, type Form } from './form.ts';
import * as C from './operand-classes.ts';
import { integerForms } from './table-integer.ts';
import { memoryForms } from './table-memory.ts';
import { controlForms } from './table-control.ts';
import { simdForms } from './table-simd.ts';
import { W32, X64 } from './table-registers.ts';
import type { Slot } from './form.ts';

/** Any integer: the operand of the multi-instruction `mov` that no single form could take. */
const anyInteger: Slot = {
  accepts: C.IMM,
  fieldMask: 0,
  syntax: '#<any constant>',
  requirement: 'an integer that fits the register',
  encode: () => 0,
  decode: () => undefined,
};

/**
 * Multi-instruction `mov Rd, #constant`: the assembler expands it (movz/movn/orr + movk) when no single
 * instruction can hold the value. Registered after every single-instruction `mov`, so those win.
 */
export const movConstantForms: Form[] = [
  makeMacro('mov', [W32.d, anyInteger], (assembler, operands) => assembler.moveConstant(operands[0], operands[1], 32)),
  makeMacro('mov', [X64.d, anyInteger], (assembler, operands) => assembler.moveConstant(operands[0], operands[1], 64)),
];

/** Every form, in table order. */
export const allForms: readonly Form[] = [...integerForms, ...movConstantForms, ...memoryForms, ...controlForms, ...simdForms];

/** Forms by mnemonic, each list in table order: the encoder takes the first that fits. */
export const formsByMnemonic: ReadonlyMap<string, readonly Form[]> = (() => {
  const map = new Map<string, Form[]>();
  for (const form of allForms) {
    let list = map.get(form.mnemonic);
    if (list === undefined) map.set(form.mnemonic, (list = []));
    list.push(form);
  }
  return map;
})();

export function signatures(mnemonic: string): string[] {
  return (formsByMnemonic.get(mnemonic) ?? []).map(formSignature);
}

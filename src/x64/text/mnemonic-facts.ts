import { Encoding } from '../form.ts';
import { FORMS, FORMS_BY_MNEMONIC } from '../instruction-set.ts';
import { Kind } from '../operand-kind.ts';
import { specOf } from '../table-expand.ts';

/**
 * What the text syntax derives from the instruction table, per mnemonic id: facts the parser needs
 * about operand slots, computed once so that no mnemonic is special-cased by name.
 */

/** Operand slots the parser reads: as many as the table's longest form has. */
export const MAX_OPERANDS = FORMS.reduce((most, form) => Math.max(most, form.count), 0);

/**
 * A bit per operand slot where some form takes a branch target and none an immediate (`jnz 0x1000`,
 * `call 0x401000`): a number written there is an address, which the assembler takes as a bigint.
 */
export const ADDRESS_SLOTS: Int32Array = Int32Array.from(FORMS_BY_MNEMONIC, (forms) => {
  let relative = 0;
  let immediate = 0;
  for (const form of forms) {
    for (let slot = 0; slot < form.count; slot++) {
      const spec = specOf(form, slot);
      if (spec & Kind.REL) relative |= 1 << slot;
      if (spec & Kind.IMM) immediate |= 1 << slot;
    }
  }
  return relative & ~immediate;
});

/**
 * 1 for mnemonics with a moffs form (`movabs al, moffs8`, A0-A3): for them a memory operand with no base,
 * index or label is the 64-bit absolute address written after the opcode (`movabs rax, qword ptr [0x10]`
 * is A1 with an 8-byte address, as llvm-mc reads it), not a ModRM disp32.
 */
export const ABSOLUTE_ADDRESS_MNEMONIC: Uint8Array = Uint8Array.from(FORMS_BY_MNEMONIC, (forms) =>
  forms.some((form) => form.moffsOp >= 0) ? 1 : 0);

/**
 * 1 for mnemonics with an AVX-512 gather or scatter form (EVEX with a vector-indexed operand). iced-x86's
 * Intel formatter writes their opmask as an operand of its own between the register and the memory
 * operand (`vpgatherdd zmm7, k1, dword ptr [rax + zmm1*4]`, `vscatterdps dword ptr [rax + zmm1*4], k2,
 * zmm7`) where LLVM writes it on the destination (`zmm7 {k1}`, `[…] {k2}`); the parser reads both. No
 * form of these mnemonics takes a k register in slot 1, so the two readings cannot be confused.
 */
export const SEPARATE_MASK: Uint8Array = Uint8Array.from(FORMS_BY_MNEMONIC, (forms) =>
  forms.some((form) => form.encoding === Encoding.EVEX && form.vsibOp >= 0) ? 1 : 0);

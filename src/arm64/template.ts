import { Arm64Assembler } from './assembler.ts';

/**
 * ``a64`mov w0, #${n}; ret` `` assembles into a new assembler (continue it fluently, then `finalize()`).
 * Each `${value}` (number, bigint, register, label or other operand object) stands for itself rather than
 * being turned into text. To append to an existing assembler and use its labels: ``assembler.a64`...` ``.
 */
export function a64(strings: TemplateStringsArray, ...values: unknown[]): Arm64Assembler {
  return new Arm64Assembler().a64(strings, ...values);
}

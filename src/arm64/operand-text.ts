import { Label } from '../asm/label.ts';
import type { Slot } from './form.ts';
import { vectorListText } from './operands.ts';
import type { Register } from './registers.ts';

/** How an operand is written in LLVM syntax: registers by name, immediates as `#n`, labels by name. */
export function operandText(operand: unknown, slot?: Slot): string {
  if (slot?.format !== undefined && (typeof operand === 'number' || typeof operand === 'bigint')) return slot.format(operand);
  if (typeof operand === 'number' || typeof operand === 'bigint') return `#${operand}`;
  if (operand instanceof Label) return String(operand);
  if (Array.isArray(operand)) return vectorListText(operand as Register[]);
  return String(operand);
}

/** `mnemonic op, op, ...` */
export function instructionText(mnemonic: string, operands: readonly unknown[], slots?: readonly Slot[]): string {
  if (operands.length === 0) return mnemonic;
  return `${mnemonic} ${operands.map((operand, i) => operandText(operand, slots?.[i])).join(', ')}`;
}

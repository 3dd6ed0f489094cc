import { Label } from '../asm/label.ts';
import * as C from './operand-classes.ts';
import { namedOperand } from './operands.ts';

/**
 * The operand's class bit. Every jitkit operand object carries `cls`; Labels, arrays (register lists) and
 * numbers are recognised by type, and strings by the name they stand for (the slot resolves them again).
 */
export function classOf(operand: unknown): number {
  if (typeof operand === 'object') {
    if (operand === null) return 0;
    const cls = (operand as { cls?: number }).cls;
    if (cls !== undefined) return cls;
    if (operand instanceof Label) return C.LABEL;
    return Array.isArray(operand) ? C.LIST : 0;
  }
  if (typeof operand === 'number' || typeof operand === 'bigint') return C.IMM;
  return typeof operand === 'string' ? (namedOperand(operand)?.cls ?? 0) : 0;
}

import { Label } from '../asm/label.ts';
import { Kind } from './operand-kind.ts';
import type { Memory } from './memory.ts';
import type { Register } from './registers.ts';
import type { Rounding } from './rounding.ts';

/** Anything an instruction accepts as an operand. */
export type Operand = Register | Memory | Label | Rounding | number | bigint;
/** An immediate: a JS number (integers up to 2^53) or a bigint for full 64-bit values. */
export type Immediate = number | bigint;
/** A branch target: a label in this assembler, or an absolute address. */
export type BranchTarget = Label | bigint;

/** The operand-kind bits of an operand (0 for a missing one). */
export function kindOf(operand: Operand | undefined): number {
  if (typeof operand === 'object' && operand !== null) {
    // Register and Memory carry their kind; a Label has none and is a branch target or RIP-relative name
    const kind = (operand as Register).kind as number | undefined;
    return kind !== undefined ? kind : operand instanceof Label ? Kind.REL : 0;
  }
  if (typeof operand === 'number') return Kind.IMM;
  if (typeof operand === 'bigint') return Kind.IMM | Kind.REL;
  return 0;
}

export function describeOperand(operand: Operand | undefined): string {
  if (operand === undefined) return 'nothing';
  if (typeof operand === 'number' || typeof operand === 'bigint') return String(operand);
  return String(operand);
}

/** The kind bits the form matcher tests: `kindOf`, with `Kind.NONE` for an absent operand. */
export function matchKind(operand: Operand | undefined): number {
  return operand === undefined ? Kind.NONE : kindOf(operand);
}

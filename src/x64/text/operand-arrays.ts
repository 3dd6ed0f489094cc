import type { Operand } from '../operand.ts';
import { MAX_OPERANDS } from './mnemonic-facts.ts';

/**
 * The arrays a parse collects operands in: `scratch` while a statement is read, and `byCount[n]`, an
 * array of length n, to hand n operands to `emitById` (which reads the length), so that no array is
 * allocated per statement. Within one parse the fast path (common-statements.ts) and the general parser
 * share them: the fast path gives a statement up before it emits, and its scratch content is dead then.
 *
 * One set is lent to each parse in turn, as source-codes.ts lends its buffer, instead of a set per
 * parser: a template call (``x64.into(a)`…` ``) makes a parser for a few lines, and building the
 * parser's and the fast path's arrays for each took a fifth of its time. A parse that finds the set lent (a parse inside a parse,
 * which only user code run from a template value's proxy trap could start) builds its own.
 */
export interface OperandArrays {
  readonly scratch: Operand[];
  readonly byCount: Operand[][];
}

function newOperandArrays(): OperandArrays {
  return {
    scratch: new Array<Operand>(MAX_OPERANDS).fill(0),
    byCount: Array.from({ length: MAX_OPERANDS + 1 }, (_, count) => new Array<Operand>(count).fill(0)),
  };
}

let idle: OperandArrays | null = newOperandArrays();

/** The operand arrays for one parse; give them back with `releaseOperandArrays` when it ends. */
export function borrowOperandArrays(): OperandArrays {
  const arrays = idle ?? newOperandArrays();
  idle = null;
  return arrays;
}

export function releaseOperandArrays(arrays: OperandArrays): void {
  idle = arrays;
}

import type { Label } from '../../asm/label.ts';
import type { Assembler } from '../assembler.ts';

/**
 * The labels that assembly text named in each assembler, so that several pieces of text appended to one
 * assembler (``x64.into(a)`jmp done` `` … ``x64.into(a)`done: ret` ``) refer to the same label.
 * Weakly keyed: the names live exactly as long as the assembler.
 */
const NAMED = new WeakMap<Assembler, Map<string, Label>>();

export function textLabels(assembler: Assembler): Map<string, Label> {
  let labels = NAMED.get(assembler);
  if (labels === undefined) {
    labels = new Map();
    NAMED.set(assembler, labels);
  }
  return labels;
}

/**
 * The label that text assembled into `assembler` calls `name` (created unbound if the text has not
 * used it yet): `a.offsetOf(namedLabel(a, 'loop'))`, or bind it from fluent code with `a.bind(…)`.
 */
export function namedLabel(assembler: Assembler, name: string): Label {
  const labels = textLabels(assembler);
  let label = labels.get(name);
  if (label === undefined) {
    label = assembler.label(name);
    labels.set(name, label);
  }
  return label;
}

import type { Label } from '../../asm/label.ts';
import type { Assembler } from '../assembler.ts';

/**
 * The labels that assembly text named in each assembler, so that several pieces of text appended to one
 * assembler (``x64.into(a)`jmp done` `` … ``x64.into(a)`done: ret` ``) refer to the same label. They
 * live in the assembler's own `textLabels` field (see there why it is no WeakMap), made on first use.
 */
export function textLabels(assembler: Assembler): Map<string, Label> {
  let labels = assembler.textLabels;
  if (labels === null) {
    labels = new Map();
    assembler.textLabels = labels;
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

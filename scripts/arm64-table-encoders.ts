/**
 * Generates src/arm64/instruction-encoders.ts: one encoder function per mnemonic, specialised from the
 * instruction table. Each function picks the form the generic `emit` would (the first in table order that
 * fits), with the forms' operand-class masks and fixed bits as constants, plain register fields packed
 * inline, and every other slot's `encode` called at a call site of its own. Why: a single generic loop sees
 * every slot of every form, so V8 can neither inline the encoders nor keep the operand property loads
 * monomorphic; one function per mnemonic gives each site one shape and one target.
 * Anything the specialised code does not accept falls back to the generic `emit`, which reports errors.
 *
 * Run after changing a table (a test checks the committed output is current):
 *   node --import tsx scripts/arm64-table-encoders.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Form } from '../src/arm64/form.ts';
import * as C from '../src/arm64/operand-classes.ts';
import { methodName } from '../src/arm64/method-name.ts';
import { formsByMnemonic } from '../src/arm64/table.ts';

export const ENCODERS_PATH = fileURLToPath(new URL('../src/arm64/instruction-encoders.ts', import.meta.url));

function hex(value: number): string {
  return value < 0 ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`;
}

/**
 * The operand's class, inline so the `.cls` load at this site only ever sees this mnemonic's operands.
 * Every jitkit operand object carries `cls`; anything else (a label, a list, a name, a bigint, a primitive
 * of the wrong kind) reads undefined there, through its prototype, and goes to `classOf`. The operand is
 * known not to be undefined or null here (the count test checked it).
 */
function classExpression(operand: string, takesNumber: boolean, takesLabel: boolean): string {
  // A Label has no `cls` (the class is shared with x64): where labels are taken, it is recognised inline
  // after the `cls` load misses, sparing classOf's second look; an `instanceof` ahead of the load would
  // cost every register and memory operand a prototype walk.
  const object = `${operand}.cls ?? ${takesLabel ? `(${operand} instanceof Label ? ${hex(C.LABEL)} : classOf(${operand}))` : `classOf(${operand})`}`;
  return takesNumber ? `typeof ${operand} === 'number' ? ${hex(C.IMM)} : ${object}` : object;
}

/**
 * Operand classes whose slots may ask for a fixup while encoding (labels and addresses, `:lo12:` alone or in
 * a memory operand, `=literal` pool loads); a form whose other slots take none of them cannot leave one pending.
 */
const MAY_REQUEST_FIXUP = C.LABEL | C.LO12 | C.MEM | C.NAMED;

function isRegisterField(slot: Form['slots'][number]): boolean {
  return slot.registerShift !== undefined && slot.registerShift >= 0;
}

export function renderEncoders(): string {
  const out: string[] = [];
  const constants: string[] = [];
  const encodeNames = new Map<Form['slots'][number]['encode'], string>();
  const constraintNames = new Map<NonNullable<Form['constraint']>['test'], string>();
  const labelFormatNames = new Map<NonNullable<Form['slots'][number]['labelFormat']>, string>();
  const bodies: string[] = [];
  const entries: string[] = [];

  const constantFor = <T>(names: Map<T, string>, prefix: string, value: T, source: string): string => {
    let name = names.get(value);
    if (name === undefined) {
      name = `${prefix}${names.size}`;
      names.set(value, name);
      constants.push(`const ${name} = ${source};`);
    }
    return name;
  };

  const mnemonics = [...formsByMnemonic.keys()];
  mnemonics.forEach((mnemonic, m) => {
    const forms = formsByMnemonic.get(mnemonic)!;
    const formsName = `F${m}`;
    constants.push(`const ${formsName} = formsOf(${JSON.stringify(mnemonic)}, ${forms.length});`);

    /**
     * One form's test and encoding, returning from the method when it fits: the form's operand-class masks
     * and fixed bits are constants, plain register fields are packed inline, and every other slot's `encode`
     * is called at a site of its own (so V8 sees one operand shape and one target there). A value that does
     * not fit (-1) breaks out to the next form.
     */
    const formCode = (k: number, count: number, indent: string): string[] => {
      const form = forms[k]!;
      const args = Array.from({ length: count }, (_, i) => `o${i}`).join(', ');
      const tests = form.slots.map((slot, i) => `(${hex(slot.accepts | 0)} & c${i}) !== 0`);
      // A memory slot's address shapes, tested once its class test has shown the operand is a MemoryOperand.
      form.slots.forEach((slot, i) => {
        if (slot.memoryShapes !== undefined && slot.accepts === C.MEM) tests.push(`(${hex(slot.memoryShapes)} & (1 << o${i}.shape)) !== 0`);
      });
      const body: string[] = [`f${k}: if (${tests.length === 0 ? 'true' : tests.join(' && ')}) {`];
      if (form.macro !== undefined) {
        body.push(`  if (${formsName}[${k}]!.macro!(this, [${args}])) return this;`);
        body.push(`  break f${k};`);
        body.push('}');
        return body.map((line) => indent + line);
      }
      if (form.constraint !== undefined || form.slots.some((slot) => slot.readsOperands === true)) {
        body.push('  const operands = this.operands;');
        for (let i = 0; i < Math.max(4, count); i++) body.push(`  operands[${i}] = ${i < count ? `o${i}` : 'undefined'};`);
      }
      const registerFields = form.slots.flatMap((slot, i) => (isRegisterField(slot) ? [`(o${i}.index << ${slot.registerShift})`] : []));
      const word = [hex(form.bits), ...registerFields].join(' | ');
      const otherSlots = form.slots.flatMap((slot, i) => (isRegisterField(slot) ? [] : [{ slot, i }]));
      if (otherSlots.length === 0 && form.constraint === undefined) {
        body.push(`  word = ${word};`);
        body.push('  break found;');
        body.push('}');
        return body.map((line) => indent + line);
      }
      body.push(`  word = ${word};`);
      otherSlots.forEach(({ slot, i }, n) => {
        const encode = constantFor(encodeNames, 'E', slot.encode, `${formsName}[${k}]!.slots[${i}]!.encode`);
        // A label to a plain PC-relative field goes straight to branchTo, which records its fixup at once:
        // only for the form's last slot and with no constraint after it, so nothing can still reject the form.
        if (slot.labelFormat !== undefined && n === otherSlots.length - 1 && form.constraint === undefined) {
          const format = constantFor(labelFormatNames, 'L', slot.labelFormat, `${formsName}[${k}]!.slots[${i}]!.labelFormat!`);
          body.push(`  if (o${i} instanceof Label) {`);
          body.push(`    word |= this.branchTo(o${i}, ${format});`);
          body.push('    break found;');
          body.push('  }');
        }
        body.push(`  if ((field = ${encode}(o${i}, this)) < 0) break f${k};`);
        body.push('  word |= field;');
      });
      if (form.constraint !== undefined) {
        const test = constantFor(constraintNames, 'K', form.constraint.test, `${formsName}[${k}]!.constraint!.test`);
        body.push(`  if (!${test}(operands)) break f${k};`);
      }
      // Slots that ask for a fixup come last in their form, so the fixup belongs to this form once they return.
      if (otherSlots.some(({ slot }) => (slot.accepts & MAY_REQUEST_FIXUP) !== 0)) body.push('  if (this.pendingFormat !== null) word |= this.commitFixup();');
      body.push('  break found;');
      body.push('}');
      return body.map((line) => indent + line);
    };

    /**
     * The forms `ks` (table order) as a tree of class tests: when some operand position splits them into
     * groups whose class masks there do not overlap, an operand (whose class is one bit) can only fit forms
     * of one group, so testing the group's mask first skips every other group's forms without changing which
     * form fits first. Within a group the split is tried again on the other positions; a group that no
     * position splits is tested form by form.
     */
    const formTree = (ks: readonly number[], count: number, indent: string): string[] => {
      const split = bestSplit(ks, count);
      if (split === undefined) return ks.flatMap((k) => formCode(k, count, indent));
      const lines: string[] = [];
      split.groups.forEach((group, g) => {
        const test = `(${hex(group.mask | 0)} & c${split.position}) !== 0`;
        lines.push(`${indent}${g === 0 ? '' : '} else '}if (${test}) {`);
        lines.push(...formTree(group.forms, count, `${indent}  `));
      });
      lines.push(`${indent}}`);
      return lines;
    };
    const bestSplit = (ks: readonly number[], count: number): { position: number; groups: { mask: number; forms: number[] }[] } | undefined => {
      if (ks.length < 3) return undefined;
      let best: { position: number; groups: { mask: number; forms: number[] }[] } | undefined;
      for (let position = 0; position < count; position++) {
        // Connected components of the forms under "their masks at `position` overlap", in table order.
        const groups: { mask: number; forms: number[] }[] = [];
        for (const k of ks) {
          const mask = forms[k]!.slots[position]!.accepts;
          const overlapping = groups.filter((group) => (group.mask & mask) !== 0);
          const merged = { mask: overlapping.reduce((all, group) => all | group.mask, mask), forms: [...overlapping.flatMap((group) => group.forms), k].sort((a, b) => a - b) };
          for (const group of overlapping) groups.splice(groups.indexOf(group), 1);
          groups.push(merged);
        }
        if (groups.length < 2) continue;
        const largest = Math.max(...groups.map((group) => group.forms.length));
        const bestLargest = best === undefined ? Infinity : Math.max(...best.groups.map((group) => group.forms.length));
        if (largest < bestLargest) best = { position, groups: groups.sort((a, b) => a.forms[0]! - b.forms[0]!) };
      }
      return best;
    };

    // The shape of each method, and why: a stream of many different instructions is bound by the amount of
    // machine code each one runs (bench/arm64-encode.ts's 24-instruction block touches 24 methods), so the
    // path from call to store is kept short. One test of `writeLimit` covers both the literal pool and the
    // buffer's room; the operand count is read from which parameters are undefined; each class is one
    // property load (a null or missing operand throws there and goes to `emit`); the forms are a tree of
    // class tests (formTree), so an instruction runs the tests of a few forms, not of all before its own;
    // and every form ends in `break found`, so the word is stored once, by one inlined `storeWord`.
    const top: string[] = [];
    top.push(`/** ${mnemonic} */`);
    // Four operand parameters, or five for the mnemonics that have a five-operand form (casp).
    const parameterCount = Math.max(4, ...forms.map((form) => form.count));
    const parameters = Array.from({ length: parameterCount }, (_, i) => `o${i}`);
    top.push(`function e${m}(this: EncoderHost, ${parameters.map((p) => `${p}?: any`).join(', ')}): EncoderHost {`);
    // One test for both reasons to leave the straight path: the literal pool is due, or the buffer is full.
    top.push('  if (this.buffer.length >= this.writeLimit) this.prepareWord();');
    // Condition and other names arrive as strings from the fluent API ('lt'); each is looked up once here, so
    // the class test and the slot both read the NamedOperand. An unknown name stays a string (class 0) and
    // fails every form, which `emit` then reports.
    for (let i = 0; i < parameterCount; i++) {
      const takesNames = forms.some((form) => form.count > i && (form.slots[i]!.accepts & C.NAMED) !== 0);
      const takesConditions = forms.some((form) => form.count > i && (form.slots[i]!.accepts & C.COND) !== 0);
      if (takesNames) top.push(`  if (typeof o${i} === 'string') o${i} = namedOperand(o${i}) ?? o${i};`);
      else if (takesConditions) top.push(`  if (typeof o${i} === 'string') o${i} = conditionOperand(o${i}) ?? namedOperand(o${i}) ?? o${i};`);
    }
    const counts = [...new Set(forms.map((form) => form.count))].sort();
    const usesField = forms.some((form) => form.macro === undefined && form.slots.some((slot) => !isRegisterField(slot)));
    top.push('  let word = 0;');
    if (usesField) top.push('  let field = 0;');
    top.push('  found: {');
    const inFound: string[] = [];
    for (const count of counts) {
      // Exactly `count` operands: the last of them is not undefined and the ones after it are. One missing or
      // null before the last makes its class load below throw, and goes to `emit`, which reports it.
      const present = parameters.flatMap((p, i) => (i === count - 1 ? [`${p} !== undefined`] : i >= count ? [`${p} === undefined`] : []));
      inFound.push(`  if (${present.join(' && ')}) {`);
      if (count > 0) {
        const takesNumber = (i: number) => forms.some((form) => form.count === count && (form.slots[i]!.accepts & C.IMM) !== 0);
        const takesLabel = (i: number) => forms.some((form) => form.count === count && (form.slots[i]!.accepts & C.LABEL) !== 0);
        inFound.push(`    let ${Array.from({ length: count }, (_, i) => `c${i} = 0`).join(', ')};`);
        inFound.push('    try {');
        for (let i = 0; i < count; i++) inFound.push(`      c${i} = ${classExpression(`o${i}`, takesNumber(i), takesLabel(i))};`);
        inFound.push('    } catch {');
        inFound.push('      // an operand before the last is undefined or null: emit names it');
        inFound.push(`      return this.emit(${formsName}, ${parameters.join(', ')});`);
        inFound.push('    }');
      }
      const ofCount = forms.flatMap((form, k) => (form.count === count ? [k] : []));
      inFound.push(...formTree(ofCount, count, '    '));
      inFound.push('  }');
    }
    inFound.push('  this.pendingFormat = null;');
    inFound.push(`  return this.emit(${formsName}, ${parameters.join(', ')});`);
    top.push(...inFound.map((line) => `  ${line}`));
    top.push('  }');
    top.push('  return this.storeWord(word);');
    top.push('}');
    bodies.push(top.join('\n'));
    entries.push(`  [${JSON.stringify(methodName(mnemonic))}, e${m}],`);
  });

  out.push('// Generated by scripts/arm64-table-encoders.ts from the instruction table. Do not edit by hand.');
  out.push('/* eslint-disable */');
  out.push("import { Label } from '../asm/label.ts';");
  out.push("import type { EncoderHost, Form } from './form.ts';");
  out.push("import { classOf } from './operand-class-of.ts';");
  out.push("import { conditionOperand, namedOperand } from './operands.ts';");
  out.push("import { formsByMnemonic } from './table.ts';");
  out.push('');
  out.push('/** The forms of `mnemonic`, checked against the count this file was generated from. */');
  out.push('function formsOf(mnemonic: string, count: number): readonly Form[] {');
  out.push('  const forms = formsByMnemonic.get(mnemonic);');
  out.push('  if (forms === undefined || forms.length !== count) {');
  out.push("    throw new Error(`instruction-encoders.ts is out of date for ${mnemonic}: run node --import tsx scripts/arm64-table-encoders.ts`);");
  out.push('  }');
  out.push('  return forms;');
  out.push('}');
  out.push('');
  out.push(...constants);
  out.push('');
  out.push(bodies.join('\n\n'));
  out.push('');
  out.push('/** The specialised encoder of every mnemonic, by fluent method name (`b.eq` is `b_eq`). */');
  out.push('export const specialisedEncoders: ReadonlyMap<string, (this: EncoderHost, o0?: unknown, o1?: unknown, o2?: unknown, o3?: unknown, o4?: unknown) => EncoderHost> = new Map([');
  out.push(...entries);
  out.push(']);');
  out.push('');
  return out.join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(ENCODERS_PATH, renderEncoders());
  console.log(`wrote ${formsByMnemonic.size} specialised encoders to ${ENCODERS_PATH}`);
}

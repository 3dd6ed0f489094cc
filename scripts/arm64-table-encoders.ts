/**
 * Generates src/arm64/instruction-encoders.ts: one encoder function per mnemonic, specialised from the
 * instruction table. Each function tries that mnemonic's forms in table order (the same first-fit rule as
 * the generic `emit`), with the forms' operand-class masks and fixed bits as constants, plain register
 * fields packed inline, and every other slot's `encode` called at a call site of its own. Why: a single
 * generic loop sees every slot of every form, so V8 can neither inline the encoders nor keep the operand
 * property loads monomorphic; one function per mnemonic gives each site one shape and one target.
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
 * of the wrong kind) reads undefined there, through its prototype, and goes to `classOf`. `?.` only guards
 * against null and undefined, which is two compares instead of a full `typeof … === 'object'` test.
 */
function classExpression(operand: string): string {
  return `typeof ${operand} === 'number' ? ${hex(C.IMM)} : ${operand}?.cls ?? classOf(${operand})`;
}

function isRegisterField(slot: Form['slots'][number]): boolean {
  return slot.registerShift !== undefined && slot.registerShift >= 0;
}

export function renderEncoders(): string {
  const out: string[] = [];
  const constants: string[] = [];
  const encodeNames = new Map<Form['slots'][number]['encode'], string>();
  const constraintNames = new Map<NonNullable<Form['constraint']>['test'], string>();
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
     * The code for the forms (by index, in table order) that an operand count and a first-operand class
     * leave: it tests the remaining classes, packs the fields and writes the word. It is written inline in
     * the method, once per case, so one call reaches the bits (a second call per instruction measured slower
     * than the larger method V8 then compiles).
     */
    const caseBody = (count: number, indices: readonly number[], skipFirstClass: boolean, indent: string): string[] => {
      const args = Array.from({ length: count }, (_, i) => `o${i}`).join(', ');
      const readsOperands = indices.some((k) => forms[k]!.constraint !== undefined || forms[k]!.slots.some((slot) => slot.readsOperands === true));
      const usesField = indices.some((k) => forms[k]!.macro === undefined && forms[k]!.slots.some((slot) => !isRegisterField(slot)));
      const body: string[] = [];
      if (readsOperands) {
        body.push('const operands = this.operands;');
        for (let i = 0; i < Math.max(4, count); i++) body.push(`operands[${i}] = ${i < count ? `o${i}` : 'undefined'};`);
      }
      body.push('let word = 0;');
      if (usesField) body.push('let field = 0;');
      body.push('found: {');
      for (let i = skipFirstClass ? 1 : 0; i < count; i++) body.push(`  const c${i} = ${classExpression(`o${i}`)};`);
      for (const k of indices) {
        const form = forms[k]!;
        const tests = form.slots.flatMap((slot, i) => (i === 0 && skipFirstClass ? [] : [`(${hex(slot.accepts | 0)} & c${i}) !== 0`]));
        body.push(`  f${k}: if (${tests.length === 0 ? 'true' : tests.join(' && ')}) {`);
        if (form.macro !== undefined) {
          body.push(`    if (${formsName}[${k}]!.macro!(this, [${args}])) return this;`);
          body.push(`    break f${k};`);
          body.push('  }');
          continue;
        }
        // Plain register fields first, in one expression; then the slots that can still refuse a value.
        const registerFields = form.slots.flatMap((slot, i) => (isRegisterField(slot) ? [`(o${i}.index << ${slot.registerShift})`] : []));
        body.push(`    word = ${[hex(form.bits), ...registerFields].join(' | ')};`);
        form.slots.forEach((slot, i) => {
          if (isRegisterField(slot)) return;
          const encode = constantFor(encodeNames, 'E', slot.encode, `${formsName}[${k}]!.slots[${i}]!.encode`);
          body.push(`    if ((field = ${encode}(o${i}, this)) < 0) break f${k};`);
          body.push('    word |= field;');
        });
        if (form.constraint !== undefined) {
          const test = constantFor(constraintNames, 'K', form.constraint.test, `${formsName}[${k}]!.constraint!.test`);
          body.push(`    if (!${test}(operands)) break f${k};`);
        }
        body.push('    break found;');
        body.push('  }');
      }
      body.push('  this.pendingFormat = null;');
      body.push(`  return this.emit(${formsName}${args === '' ? '' : `, ${args}`});`);
      body.push('}');
      body.push('if (this.pendingFormat !== null) word |= this.commitFixup();');
      // The word is written here rather than through a call: an A64 word is usually outside V8's small-integer
      // range, so passing it to a function that is not inlined would box it in a heap number.
      body.push('const buffer = this.buffer;');
      body.push('const at = buffer.length;');
      body.push('if (at + 4 > buffer.data.length) buffer.reserve(4);');
      body.push('const data = buffer.data;');
      body.push('data[at] = word;');
      body.push('data[at + 1] = word >>> 8;');
      body.push('data[at + 2] = word >>> 16;');
      body.push('data[at + 3] = word >>> 24;');
      body.push('buffer.length = at + 4;');
      body.push('return this;');
      return body.map((line) => indent + line);
    };

    // The method finds the operand count and the first operand's class (a single bit), and runs the code for
    // the forms those leave.
    const top: string[] = [];
    top.push(`/** ${mnemonic} */`);
    // Four operand parameters, or five for the mnemonics that have a five-operand form (casp).
    const parameterCount = Math.max(4, ...forms.map((form) => form.count));
    const parameters = Array.from({ length: parameterCount }, (_, i) => `o${i}`);
    const countExpression = parameters.map((_, i) => parameterCount - 1 - i).map((i) => `o${i} !== undefined ? ${i + 1} : `).join('') + '0';
    top.push(`function e${m}(this: EncoderHost, ${parameters.map((p) => `${p}?: any`).join(', ')}): EncoderHost {`);
    top.push('  if (this.buffer.length >= this.poolDeadline) this.flushPool(true);');
    top.push(`  const count = ${countExpression};`);
    // Condition and other names arrive as strings from the fluent API ('lt'); each is looked up once here, so
    // the class test and the slot both read the NamedOperand. An unknown name stays a string (class 0) and
    // fails every form, which `emit` then reports.
    for (let i = 0; i < parameterCount; i++) {
      if (forms.some((form) => form.count > i && (form.slots[i]!.accepts & (C.COND | C.NAMED)) !== 0)) {
        top.push(`  if (typeof o${i} === 'string') o${i} = namedOperand(o${i}) ?? o${i};`);
      }
    }
    const counts = [...new Set(forms.map((form) => form.count))].sort();
    for (const count of counts) {
      const group = forms.flatMap((form, k) => (form.count === count ? [k] : []));
      if (count === 0) {
        top.push('  if (count === 0) {');
        top.push(...caseBody(0, group, false, '    '));
        top.push('  }');
        continue;
      }
      top.push(`  if (count === ${count}) {`);
      top.push(`    switch (${classExpression('o0')}) {`);
      const union = group.reduce((bits, k) => bits | forms[k]!.accepts0, 0);
      const cases = new Map<string, number[]>();
      for (let bit = 0; bit < 32; bit++) {
        const cls = (1 << bit) | 0;
        if ((union & cls) === 0) continue;
        const indices = group.filter((k) => (forms[k]!.accepts0 & cls) !== 0);
        const key = indices.join(',');
        const list = cases.get(key) ?? [];
        list.push(cls);
        cases.set(key, list);
      }
      for (const [key, classes] of cases) {
        top.push(`      ${classes.map((cls) => `case ${hex(cls)}:`).join(' ')} {`);
        top.push(...caseBody(count, key.split(',').map(Number), true, '        '));
        top.push('      }');
      }
      top.push('    }');
      top.push('  }');
    }
    top.push('  this.pendingFormat = null;');
    top.push(`  return this.emit(${formsName}, ${parameters.join(', ')});`);
    top.push('}');
    bodies.push(top.join('\n'));
    entries.push(`  [${JSON.stringify(methodName(mnemonic))}, e${m}],`);
  });

  out.push('// Generated by scripts/arm64-table-encoders.ts from the instruction table. Do not edit by hand.');
  out.push('/* eslint-disable */');
  out.push("import type { EncoderHost, Form } from './form.ts';");
  out.push("import { classOf } from './operand-class-of.ts';");
  out.push("import { namedOperand } from './operands.ts';");
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

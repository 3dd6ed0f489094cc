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
 * of the wrong kind) reads undefined there, through its prototype, and goes to `classOf`. The operand is
 * known not to be undefined or null here (the count test checked it).
 */
function classExpression(operand: string): string {
  return `typeof ${operand} === 'number' ? ${hex(C.IMM)} : ${operand}.cls ?? classOf(${operand})`;
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
        body.push(`  return this.putWord(${word});`);
        body.push('}');
        return body.map((line) => indent + line);
      }
      body.push(`  let word = ${word};`);
      body.push('  let field = 0;');
      for (const { slot, i } of otherSlots) {
        const encode = constantFor(encodeNames, 'E', slot.encode, `${formsName}[${k}]!.slots[${i}]!.encode`);
        body.push(`  if ((field = ${encode}(o${i}, this)) < 0) break f${k};`);
        body.push('  word |= field;');
      }
      if (form.constraint !== undefined) {
        const test = constantFor(constraintNames, 'K', form.constraint.test, `${formsName}[${k}]!.constraint!.test`);
        body.push(`  if (!${test}(operands)) break f${k};`);
      }
      // Slots that ask for a fixup come last in their form, so the fixup belongs to this form once they return.
      if (otherSlots.some(({ slot }) => (slot.accepts & MAY_REQUEST_FIXUP) !== 0)) body.push('  if (this.pendingFormat !== null) word |= this.commitFixup();');
      body.push('  return this.putWord(word);');
      body.push('}');
      return body.map((line) => indent + line);
    };

    // The method tests the forms of each operand count in table order (the generic `emit`'s first-fit rule)
    // and returns from the first that fits. Every test is an AND of constants with the operands' class bits,
    // and each form's path is short and returns at once, so the code an instruction runs stays small. That is
    // what a stream of many different instructions is bound by: on bench/arm64-encode.ts's mixed stream,
    // cachegrind counted 335 instructions and 15 I1 misses per A64 instruction for this shape against 425 and
    // 26 for the earlier one (a switch on the first operand's class, each case with its own copy of the tail).
    const top: string[] = [];
    top.push(`/** ${mnemonic} */`);
    // Four operand parameters, or five for the mnemonics that have a five-operand form (casp).
    const parameterCount = Math.max(4, ...forms.map((form) => form.count));
    const parameters = Array.from({ length: parameterCount }, (_, i) => `o${i}`);
    top.push(`function e${m}(this: EncoderHost, ${parameters.map((p) => `${p}?: any`).join(', ')}): EncoderHost {`);
    top.push('  if (this.buffer.length >= this.poolDeadline) this.flushPool(true);');
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
      // Exactly `count` operands: the first `count` present (not undefined or null), the rest undefined. An
      // operand missing in the middle matches no count here and goes to `emit`, which reports it.
      const present = parameters.map((p, i) => (i < count ? `${p} != null` : `${p} === undefined`));
      top.push(`  if (${present.join(' && ')}) {`);
      for (let i = 0; i < count; i++) top.push(`    const c${i} = ${classExpression(`o${i}`)};`);
      forms.forEach((form, k) => {
        if (form.count === count) top.push(...formCode(k, count, '    '));
      });
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

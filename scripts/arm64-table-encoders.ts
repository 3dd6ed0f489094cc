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

/** The operand's class, inline so the `.cls` load at this site only ever sees this mnemonic's operands. */
function classExpression(operand: string): string {
  return `typeof ${operand} === 'number' ? ${hex(C.IMM)} : typeof ${operand} === 'object' && ${operand} !== null && ${operand}.cls !== undefined ? ${operand}.cls : classOf(${operand})`;
}

export function renderEncoders(): string {
  const out: string[] = [];
  const constants: string[] = [];
  const encodeNames = new Map<Form['slots'][number]['encode'], string>();
  const constraintNames = new Map<NonNullable<Form['constraint']>['test'], string>();
  const bodies: string[] = [];
  const entries: string[] = [];

  const mnemonics = [...formsByMnemonic.keys()];
  mnemonics.forEach((mnemonic, m) => {
    const forms = formsByMnemonic.get(mnemonic)!;
    const formsName = `F${m}`;
    constants.push(`const ${formsName} = formsOf(${JSON.stringify(mnemonic)}, ${forms.length});`);
    const readsOperands = forms.some((form) => form.constraint !== undefined || form.slots.some((slot) => slot.readsOperands === true));
    const body: string[] = [];
    const fn = `e${m}`;
    body.push(`/** ${mnemonic} */`);
    body.push(`function ${fn}(this: EncoderHost, o0?: any, o1?: any, o2?: any, o3?: any): EncoderHost {`);
    body.push('  if (this.buffer.length >= this.poolDeadline) this.flushPool(true);');
    body.push('  const count = o3 !== undefined ? 4 : o2 !== undefined ? 3 : o1 !== undefined ? 2 : o0 !== undefined ? 1 : 0;');
    if (readsOperands) {
      body.push('  const operands = this.operands;');
      body.push('  operands[0] = o0;', '  operands[1] = o1;', '  operands[2] = o2;', '  operands[3] = o3;');
    }
    body.push('  let word = 0;');
    const fieldLine = body.length;
    let usesField = false;
    body.push('  found: {');
    const counts = [...new Set(forms.map((form) => form.count))].sort();
    for (const count of counts) {
      body.push(`    if (count === ${count}) {`);
      for (let i = 0; i < count; i++) body.push(`      const c${i} = ${classExpression(`o${i}`)};`);
      forms.forEach((form, k) => {
        if (form.count !== count) return;
        const tests = form.slots.map((slot, i) => `(${hex(slot.accepts | 0)} & c${i}) !== 0`);
        const guard = tests.length === 0 ? 'true' : tests.join(' && ');
        body.push(`      f${k}: if (${guard}) {`);
        if (form.macro !== undefined) {
          const args = form.slots.map((_, i) => `o${i}`).join(', ');
          body.push(`        if (${formsName}[${k}]!.macro!(this, [${args}])) return this;`);
          body.push('        break f' + k + ';');
          body.push('      }');
          return;
        }
        // Plain register fields first, in one expression; then the slots that can still refuse a value.
        const registerFields = form.slots.flatMap((slot, i) => (slot.registerShift !== undefined && slot.registerShift >= 0 ? [`(o${i}.index << ${slot.registerShift})`] : []));
        body.push(`        word = ${[hex(form.bits), ...registerFields].join(' | ')};`);
        form.slots.forEach((slot, i) => {
          if (slot.registerShift !== undefined && slot.registerShift >= 0) return;
          usesField = true;
          let name = encodeNames.get(slot.encode);
          if (name === undefined) {
            name = `E${encodeNames.size}`;
            encodeNames.set(slot.encode, name);
            constants.push(`const ${name} = ${formsName}[${k}]!.slots[${i}]!.encode;`);
          }
          body.push(`        if ((field = ${name}(o${i}, this)) < 0) break f${k};`);
          body.push('        word |= field;');
        });
        if (form.constraint !== undefined) {
          let name = constraintNames.get(form.constraint.test);
          if (name === undefined) {
            name = `K${constraintNames.size}`;
            constraintNames.set(form.constraint.test, name);
            constants.push(`const ${name} = ${formsName}[${k}]!.constraint!.test;`);
          }
          body.push(`        if (!${name}(operands)) break f${k};`);
        }
        body.push('        break found;');
        body.push('      }');
      });
      body.push('    }');
    }
    if (usesField) body.splice(fieldLine, 0, '  let field = 0;');
    body.push('    this.pendingFormat = null;');
    body.push(`    return this.emit(${formsName}, o0, o1, o2, o3);`);
    body.push('  }');
    body.push('  if (this.pendingFormat !== null) word |= this.commitFixup();');
    body.push('  this.writeWord(word);');
    body.push('  return this;');
    body.push('}');
    bodies.push(body.join('\n'));
    entries.push(`  [${JSON.stringify(methodName(mnemonic))}, ${fn}],`);
  });

  out.push('// Generated by scripts/arm64-table-encoders.ts from the instruction table. Do not edit by hand.');
  out.push('/* eslint-disable */');
  out.push("import type { EncoderHost, Form } from './form.ts';");
  out.push("import { classOf } from './operand-class-of.ts';");
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
  out.push('export const specialisedEncoders: ReadonlyMap<string, (this: EncoderHost, o0?: unknown, o1?: unknown, o2?: unknown, o3?: unknown) => EncoderHost> = new Map([');
  out.push(...entries);
  out.push(']);');
  out.push('');
  return out.join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(ENCODERS_PATH, renderEncoders());
  console.log(`wrote ${formsByMnemonic.size} specialised encoders to ${ENCODERS_PATH}`);
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arm64Assembler } from '../../src/arm64/assembler.ts';
import { adr21, branch14, branch19 } from '../../src/arm64/fixups.ts';
import type { Form } from '../../src/arm64/form.ts';
import { methodName } from '../../src/arm64/method-name.ts';
import { allForms, formsByMnemonic } from '../../src/arm64/table.ts';
import { isJitkitError } from '../../src/errors.ts';
import { tableSamples } from './table-samples.ts';

/**
 * The generated per-mnemonic encoders (instruction-encoders.ts) test forms as a tree of class masks and
 * hand labels straight to `branchTo`; the generic `emit` tries every form in table order through the slots'
 * own encoders. Both must choose the same form and write the same word, or fail with the same error code.
 */

type Outcome = { bytes: string } | { code: string };

function outcome(run: (a: Arm64Assembler) => void): Outcome {
  const a = new Arm64Assembler();
  try {
    run(a);
    return { bytes: Buffer.from(a.finalize()).toString('hex') };
  } catch (error) {
    if (!isJitkitError(error)) throw error;
    return { code: error.code };
  }
}

function fluent(a: Arm64Assembler, mnemonic: string, operands: readonly unknown[]): void {
  (a as unknown as Record<string, (...args: unknown[]) => unknown>)[methodName(mnemonic)]!(...operands);
}

function generic(a: Arm64Assembler, mnemonic: string, operands: readonly unknown[]): void {
  a.emit(formsByMnemonic.get(mnemonic)!, ...operands);
}

test('the generated encoders and the generic emit agree on every table form (8 operand samples per form)', () => {
  const samples = tableSamples(8, 7);
  assert.ok(samples.length > 8000, `only ${samples.length} samples`);
  for (const { mnemonic, operands, text } of samples) {
    assert.deepEqual(outcome((a) => fluent(a, mnemonic, operands)), outcome((a) => generic(a, mnemonic, operands)), text);
  }
});

/** The forms whose last slot takes a label through `branchTo` (a plain PC-relative field). */
const labelForms: Form[] = allForms.filter((form) => form.macro === undefined && form.slots.at(-1)?.labelFormat !== undefined);

/** Operands for the slots before the label: the first sample of the form supplies them. */
function leadingOperands(form: Form): unknown[] | undefined {
  const sample = tableSamples(1).find((s) => s.form === form);
  return sample?.operands.slice(0, -1);
}

test('labels through branchTo: backward, forward, out of reach and unbound give the generic path\'s bytes or error', () => {
  assert.ok(labelForms.length >= 20, `${labelForms.length} label forms`);
  const mnemonics = new Set(labelForms.map((form) => form.mnemonic));
  for (const expected of ['b', 'bl', 'b.ne', 'cbz', 'cbnz', 'tbz', 'tbnz', 'ldr', 'adr', 'prfm']) assert.ok(mnemonics.has(expected), expected);
  for (const form of labelForms) {
    const leading = leadingOperands(form);
    if (leading === undefined) continue;
    const format = form.slots.at(-1)!.labelFormat;
    const reach = format === branch14 ? 1 << 15 : format === branch19 || format === adr21 ? 1 << 20 : 0;
    const cases: [string, (a: Arm64Assembler, encode: typeof fluent) => void][] = [
      ['backward', (a, encode) => { const l = a.newLabel(); a.bind(l).nop(); encode(a, form.mnemonic, [...leading, l]); }],
      ['forward', (a, encode) => { const l = a.newLabel(); encode(a, form.mnemonic, [...leading, l]); a.nop().bind(l); }],
      ['unbound', (a, encode) => { encode(a, form.mnemonic, [...leading, a.newLabel()]); }],
      ['foreign', (a, encode) => { encode(a, form.mnemonic, [...leading, new Arm64Assembler().newLabel()]); }],
    ];
    // Past the field's reach backward (imm14 32 KiB, imm19 and ADR 1 MiB; imm26's 128 MiB is left out).
    if (reach > 0) cases.push(['out of reach', (a, encode) => { const l = a.newLabel(); a.bind(l).bytes(new Uint8Array(reach + 8)); encode(a, form.mnemonic, [...leading, l]); }]);
    for (const [name, run] of cases) {
      const viaFluent = outcome((a) => run(a, fluent));
      assert.deepEqual(viaFluent, outcome((a) => run(a, generic)), `${form.mnemonic} ${name}`);
      if (name === 'unbound' || name === 'foreign' || name === 'out of reach') assert.ok('code' in viaFluent, `${form.mnemonic} ${name} was accepted`);
    }
  }
});

test('an operand missing or null before the last one is a JitkitError naming the instruction, not a TypeError', () => {
  const a = new Arm64Assembler();
  for (const operands of [[undefined, 1, 2], [null, 1, 2], [1, null, 2]]) {
    assert.throws(() => fluent(a, 'add', operands), (error: unknown) => isJitkitError(error, 'E_OPERANDS') && /add/.test(error.message), String(operands));
  }
  assert.equal(a.position, 0);
});

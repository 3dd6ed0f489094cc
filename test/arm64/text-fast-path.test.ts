import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arm64Assembler } from '../../src/arm64/assembler.ts';
import { Arm64TextParser } from '../../src/arm64/parser.ts';
import { CommonStatementReader } from '../../src/arm64/text-fast-path.ts';
import { isJitkitError } from '../../src/errors.ts';
import { tableSamples } from './table-samples.ts';

/**
 * The text parser reads common statements through a fast path (src/arm64/text-fast-path.ts) and everything
 * else through the general grammar. Both must agree on every text: the same bytes, or the same error with
 * the same message and details.
 */
function outcome(text: string, fastPath: boolean): string {
  const assembler = new Arm64Assembler();
  try {
    new Arm64TextParser(assembler, [], { fastPath }).assemble(text);
    return Buffer.from(assembler.finalize()).toString('hex');
  } catch (error) {
    if (!isJitkitError(error)) throw error;
    return `${error.code} ${error.message} ${JSON.stringify(error.details)}`;
  }
}

/** Spellings the fast path takes and gives up on in turn: case, spacing, tabs, comments, labels, two statements. */
const SPELLINGS: Array<(text: string) => string> = [
  (text) => text,
  (text) => text.toUpperCase(),
  (text) => text.replace(/, /g, ' ,  '),
  (text) => `\t${text.replace(/ /g, '\t')}  // trailing`,
  (text) => `top: ${text}\nb top`,
  (text) => `${text}; ${text}`,
  (text) => text.replace(/\[/g, '[ ').replace(/\]/g, ' ]'),
];

/** Edges the corpus does not reach: number spellings, memory shapes, names, and text the fast path must refuse. */
const EDGES = [
  'add x0, x1, #-0', 'add x0, x1, #0x', 'add x0, x1, #0XfF', 'add x0, x1, #010', 'add x0, x1, # 16', 'add x0, x1, #1_6', 'add x0, x1, #+16',
  'add x0, x1, 16', 'mov x0, #99999999999999999999', 'mov x0, #0x123456789abcdef0', 'fmov d0, #1.5', 'add x0, x1, #1, lsl #12',
  'add x0, x1, x2, lsl 3', 'add x0, x1, x2, lsl#3', 'add x0, x1, x2, lsl', 'add x0, x1, w2, uxtw', 'add x0, x1, w2, sxtw #2',
  'ldr x0, [x1]!', 'ldr x0, [x1], #8', 'ldr x0, [x1], x2', 'ldr x0, [x1], lsl', 'ldr x0, [x1, #8]!', 'ldr x0, [x1,#8]', 'ldr x0, [ x1 , #8 ]',
  'ldr x0, [x1, x2]', 'ldr x0, [x1, x2, lsl #3]', 'ldr x0, [x1, w2, uxtw]', 'ldr x0, [x1, w2, sxtw #3]', 'ldr x0, [x1, x2]!', 'ldr x0, [x1, 8]',
  'ldr x0, [w1]', 'ldr x0, [x1, x2, foo]', 'ldr x0, [x1]]', 'ldr x0, [fp, #16]', 'stp fp, lr, [sp, #-16]!', 'ldp x29, x30, [sp], #16',
  'csel x0, x1, x2, lt', 'csel x0, x1, x2, LT', 'dmb ish', 'mrs x0, tpidr_el0', 'b.ne nowhere', 'b.ne 1f', 'cbz x0, .+8', 'mov x0, x31', 'mov w0, w31',
  'add v0.4s, v32.4s, v1.4s', 'add v0.4s, v1.4s, v2.4s', 'add v0.16b, v1.16b, v2.16b', 'mov x0, x01', 'add x0, x1,', 'add x0, , x1', 'add x0 x1',
  'ret', 'ret x30', 'nop x0', 'frobnicate x0', '.word 0xd503201f', 'ldr x0, =0x1234', 'add x0, x0, :lo12:sym', 'ld1 { v0.16b }, [x0]',
  'mov v0.s[1], w0', 'mov xzr, x0', 'mov sp, x0', 'mov wsp, w0', 'mov x0, sp', 'mov w0, wzr', 'sub sp, sp, #16', 'tbz w1, #3, done',
];

test('the fast path and the general parser agree on every corpus text, its spellings and the edge cases', () => {
  const corpus = [...new Set(tableSamples(4, 3).map((sample) => sample.text))];
  let compared = 0;
  let taken = 0;
  const differences: string[] = [];
  const compare = (written: string): void => {
    const fast = outcome(written, true);
    const general = outcome(written, false);
    compared++;
    if (fast !== general) differences.push(`${written}\n  fast:    ${fast}\n  general: ${general}`);
  };
  corpus.forEach((text, i) => {
    for (const [n, spell] of SPELLINGS.entries()) if (n === 0 || i % SPELLINGS.length === n) compare(spell(text));
  });
  for (const text of EDGES) for (const spell of SPELLINGS) compare(spell(text));
  // How many corpus texts the fast path itself reads (none would be a fast path that never runs).
  for (const text of corpus) if (readsFast(text)) taken++;
  assert.deepEqual(differences.slice(0, 10), []);
  assert.ok(compared > corpus.length, `only ${compared} texts compared`);
  assert.ok(taken > corpus.length / 2, `the fast path read only ${taken} of ${corpus.length} corpus texts`);
});

/** True when the fast path's reader takes `text` itself (false: it leaves the statement to the general parser). */
function readsFast(text: string): boolean {
  const assembler = new Arm64Assembler();
  const reader = new CommonStatementReader({ assembler, labelReference: (name) => assembler.label(name) });
  try {
    return reader.read(text);
  } catch (error) {
    if (!isJitkitError(error)) throw error;
    return true; // read, and the operands refused by the assembler, as the general parser's would be
  }
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHex } from '../../src/asm/hex.ts';
import { isJitkitError } from '../../src/errors.ts';
import { assembleX64 } from '../../src/x64/text/index.ts';
import { llvmMissing } from '../support/llvm-assemble.ts';
import { evexVsibCases, instructionCases, roundingCases } from './instruction-cases.ts';
import { formatInstruction } from './intel-text.ts';
import { assembleWithLlvmMc } from './llvm-mc.ts';
import type { LlvmResult } from './llvm-mc.ts';

/**
 * The parser against llvm-mc on the encoder's corpus: every table form with representative operands
 * (test/x64/instruction-cases.ts), written as Intel text (test/x64/intel-text.ts) — including the static
 * rounding and {sae} forms (`vaddps zmm1, zmm2, zmm3, {rn-sae}`) and the AVX-512 gathers and scatters in
 * LLVM's spelling (`zmm7 {k1}`). Each text goes through the parser alone — no structured operands — and
 * must give llvm-mc's bytes, or be rejected where llvm-mc rejects it too.
 */
const cases = [...instructionCases(), ...evexVsibCases(), ...roundingCases()];
const corpus = [...new Set(cases.map((instruction) => formatInstruction(instruction.mnemonic, instruction.operands, instruction.form.broadcastCount)))];
const roundingTexts = new Set(roundingCases().map((instruction) => formatInstruction(instruction.mnemonic, instruction.operands, instruction.form.broadcastCount)));

interface Comparison {
  compared: number;
  bothRejected: number;
  failures: string[];
}

function compare(texts: readonly string[], expected: readonly LlvmResult[], rewrite: (text: string) => string = (text) => text): Comparison {
  const result: Comparison = { compared: 0, bothRejected: 0, failures: [] };
  texts.forEach((text, i) => {
    const written = rewrite(text);
    let actual: Uint8Array | undefined;
    let rejection = '';
    try {
      actual = assembleX64(written);
    } catch (error) {
      if (!isJitkitError(error)) throw error;
      rejection = `${error.code} ${error.message}`;
    }
    const reference = expected[i]!;
    if ('error' in reference) {
      if (actual === undefined) result.bothRejected++;
      else result.failures.push(`${written}: llvm-mc rejects (${reference.error}) but the parser gives ${formatHex(actual)}`);
    } else if (actual === undefined) {
      result.failures.push(`${written}: the parser rejects (${rejection.slice(0, 200)}) but llvm-mc gives ${formatHex(reference.bytes)}`);
    } else {
      result.compared++;
      if (formatHex(actual) !== formatHex(reference.bytes)) result.failures.push(`${written}: llvm-mc ${formatHex(reference.bytes)} | parser ${formatHex(actual)}`);
    }
  });
  return result;
}

const expected = llvmMissing ? [] : assembleWithLlvmMc(corpus);

test('the parser assembles every corpus text exactly as llvm-mc does', { skip: llvmMissing }, () => {
  const { compared, bothRejected, failures } = compare(corpus, expected);
  // the rounding forms are in the comparison, not only in the corpus
  const roundingCompared = corpus.filter((text, i) => roundingTexts.has(text) && 'bytes' in expected[i]!).length;
  console.log(`parser vs llvm-mc: ${corpus.length} distinct instruction texts, ${compared} encoded by both (${roundingCompared} with a rounding/{sae} operand), ${bothRejected} rejected by both, ${failures.length} failures`);
  assert.deepEqual(failures.slice(0, 30), []);
  assert.ok(compared >= 20000, `only ${compared} instruction texts were compared byte for byte`);
  assert.ok(roundingCompared >= 500, `only ${roundingCompared} rounding/{sae} texts were encoded by llvm-mc`);
});

/**
 * Other spellings of the same instructions must give the same bytes: upper case, no optional spaces,
 * MASM hex (`0ffh`), the scale before the index (`4*rcx`), and a trailing comment.
 */
const SPELLINGS: Array<[string, (text: string) => string]> = [
  ['upper case', (text) => text.toUpperCase()],
  ['no optional spaces', (text) => text.replace(/ ?([+*,\-]) ?/g, '$1').replace(/ \{/g, '{')],
  ['h-suffix hex', (text) => text.replace(/\b0x([0-9a-f]+)\b/gi, (_, digits: string) => `0${digits}h`)],
  ['scale before index', (text) => text.replace(/\b([a-z0-9]+)\*([1248])\b/g, '$2*$1')],
  ['trailing comments', (text, ) => `${text} # a comment; not a statement`],
  ['two statements per line', (text) => `${text}; ${text}`],
];

test('other spellings of the corpus give llvm-mc bytes too', { skip: llvmMissing }, () => {
  // every 7th text keeps this test quick while still touching every form family
  const sample = corpus.filter((_, i) => i % 7 === 0);
  const sampleExpected = expected.filter((_, i) => i % 7 === 0);
  for (const [name, rewrite] of SPELLINGS) {
    const doubled = name === 'two statements per line';
    const reference = doubled
      ? sampleExpected.map((result) => ('error' in result ? result : { bytes: [...result.bytes, ...result.bytes] }))
      : sampleExpected;
    const { compared, failures } = compare(sample, reference, rewrite);
    assert.deepEqual(failures.slice(0, 10), [], name);
    assert.ok(compared > sample.length / 2, `${name}: only ${compared} compared`);
  }
});

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { formatHex } from '../../src/asm/hex.ts';
import { isJitkitError } from '../../src/errors.ts';
import { Assembler } from '../../src/x64/index.ts';
import { methodNameOf } from '../../src/x64/method-names.ts';
import { evexVsibCases, instructionCases, roundingCases } from './instruction-cases.ts';
import { formatInstruction } from './intel-text.ts';
import { assembleWithLlvmMc } from './llvm-mc.ts';

/**
 * Every form of the instruction table, with representative operands, assembled through the fluent and
 * generic APIs and compared byte for byte with llvm-mc assembling the same instruction as text.
 */
test('every table form encodes exactly as llvm-mc does', () => {
  const cases = [...instructionCases(), ...evexVsibCases(), ...roundingCases()];
  const byText = new Map<string, (typeof cases)[number]>();
  for (const instruction of cases) {
    const text = formatInstruction(instruction.mnemonic, instruction.operands, instruction.form.broadcastCount);
    if (!byText.has(text)) byText.set(text, instruction);
  }
  const texts = [...byText.keys()];
  const expected = assembleWithLlvmMc(texts);

  let compared = 0;
  let bothRejected = 0;
  const failures: string[] = [];
  texts.forEach((text, i) => {
    const instruction = byText.get(text)!;
    const assembler = new Assembler();
    let actual: Uint8Array | undefined;
    let rejection = '';
    try {
      if (i % 2 === 0) {
        // the fluent method, called with the structured operands
        const method = (assembler as unknown as Record<string, (...operands: unknown[]) => Assembler>)[methodNameOf(instruction.mnemonic)]!;
        method.apply(assembler, [...instruction.operands]);
      } else {
        assembler.emit(instruction.mnemonic, instruction.operands);
      }
      actual = assembler.finalize();
    } catch (error) {
      if (!isJitkitError(error)) throw error;
      rejection = error.message;
    }
    const reference = expected[i]!;
    if ('error' in reference) {
      if (actual === undefined) bothRejected++;
      else failures.push(`${text}: llvm-mc rejects (${reference.error}) but jitkit gives ${formatHex(actual)}`);
      return;
    }
    if (actual === undefined) {
      failures.push(`${text}: jitkit rejects (${rejection.slice(0, 160)}) but llvm-mc gives ${formatHex(reference.bytes)}`);
      return;
    }
    compared++;
    const want = formatHex(reference.bytes);
    const got = formatHex(actual);
    if (want !== got) failures.push(`${text}: llvm-mc ${want} | jitkit ${got}`);
  });
  console.log(`llvm-mc comparison: ${texts.length} distinct instruction texts, ${compared} encoded by both, ${bothRejected} rejected by both, ${failures.length} failures`);
  if (process.env.JITKIT_X64_FAILURES) writeFileSync(process.env.JITKIT_X64_FAILURES, failures.join('\n'));
  assert.deepEqual(failures.slice(0, 40), []);
  assert.ok(compared >= 20000, `only ${compared} instruction texts were compared byte for byte`);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJitkitError } from '../../src/errors.ts';
import { formatHex } from '../../src/asm/hex.ts';
import { Assembler, k1, rax, rnSae, sae, xmm1, ymm1, ymm2, ymm3, zmm1, zmm2, zmm3, zmmword } from '../../src/x64/index.ts';
import { assembleX64 } from '../../src/x64/text/index.ts';
import { assembleWithLlvmMc } from './llvm-mc.ts';

/** Where `{er}`/`{sae}` cannot go, jitkit refuses exactly what llvm-mc refuses. */
const REFUSED: Array<[string, string, unknown[]]> = [
  // EVEX.b with a memory operand means broadcast, so rounding is register-only
  ['vaddps zmm1, zmm2, zmmword ptr [rax], {rn-sae}', 'vaddps', [zmm1, zmm2, zmmword(rax), rnSae]],
  // below 512 bits L'L is the vector length and cannot also be the rounding mode
  ['vaddps ymm1, ymm2, ymm3, {rn-sae}', 'vaddps', [ymm1, ymm2, ymm3, rnSae]],
  // max/min only suppress exceptions; add rounds
  ['vmaxps zmm1, zmm2, zmm3, {rn-sae}', 'vmaxps', [zmm1, zmm2, zmm3, rnSae]],
  ['vaddps zmm1, zmm2, zmm3, {sae}', 'vaddps', [zmm1, zmm2, zmm3, sae]],
  // rndscale and getexp take {sae} only: their rounding comes from the immediate or is exact
  ['vrndscaleps zmm1, zmm2, {rn-sae}, 5', 'vrndscaleps', [zmm1, zmm2, rnSae, 5]],
  ['vgetexpps zmm1, zmm2, {rn-sae}', 'vgetexpps', [zmm1, zmm2, rnSae]],
  ['addps xmm1, {sae}', 'addps', [xmm1, sae]],
  // the five-operand forms: {sae} comes before the imm8, never after it, and is the only mode they take
  ['vrangeps zmm1, zmm2, zmm3, 5, {sae}', 'vrangeps', [zmm1, zmm2, zmm3, 5, sae]],
  ['vfixupimmps zmm1, zmm2, zmm3, {rn-sae}, 5', 'vfixupimmps', [zmm1, zmm2, zmm3, rnSae, 5]],
  ['vrangeps ymm1, ymm2, ymm3, {sae}, 5', 'vrangeps', [ymm1, ymm2, ymm3, sae, 5]],
  ['vrangeps zmm1, zmm2, zmmword ptr [rax], {sae}, 5', 'vrangeps', [zmm1, zmm2, zmmword(rax), sae, 5]],
  ['vcmpps k1, zmm1, zmm2, {sae}, 300', 'vcmpps', [k1, zmm1, zmm2, sae, 300]],
];

test('rounding operands are refused where the encoding has no room for them, as llvm-mc refuses them', () => {
  const reference = assembleWithLlvmMc(REFUSED.map(([text]) => text));
  REFUSED.forEach(([text, mnemonic, operands], i) => {
    assert.ok('error' in reference[i]!, `llvm-mc accepts ${text}`);
    assert.throws(() => new Assembler().emit(mnemonic, operands as never), (error: unknown) => isJitkitError(error) && error.code === 'E_OPERANDS', text);
  });
});

/**
 * The AVX-512 families whose `{sae}` forms also take an imm8, in every register shape they could be
 * written with: jitkit must accept exactly the texts llvm-mc accepts, with its bytes. This is the check
 * that no such form is missing from the table (the corpus only compares the forms the table has).
 */
test('every {sae} + imm8 form llvm-mc accepts in the vcmp/vrange/vfixupimm/vgetmant/vreduce/vrndscale families is in the table', () => {
  const texts: string[] = [];
  const destinations = (mnemonic: string, vector: string): string[] => mnemonic.startsWith('vcmp') ? ['k1', 'k1 {k2}'] : [vector, `${vector} {k1}`, `${vector} {k1} {z}`];
  for (const family of ['vcmp', 'vrange', 'vfixupimm', 'vgetmant', 'vreduce', 'vrndscale']) {
    for (const suffix of ['ps', 'pd', 'ss', 'sd']) {
      const mnemonic = family + suffix;
      for (const vector of ['xmm', 'ymm', 'zmm']) {
        for (const destination of destinations(mnemonic, `${vector}1`)) {
          texts.push(`${mnemonic} ${destination}, ${vector}2, ${vector}3, {sae}, 7`);
          texts.push(`${mnemonic} ${destination}, ${vector}2, {sae}, 7`);
          texts.push(`${mnemonic} ${destination}, ${vector}2, ${vector}3, {sae}`);
        }
      }
    }
  }
  const reference = assembleWithLlvmMc(texts);
  const differences: string[] = [];
  let accepted = 0;
  texts.forEach((text, i) => {
    let actual = '';
    try {
      actual = formatHex(assembleX64(text));
    } catch (error) {
      if (!isJitkitError(error) || error.code !== 'E_OPERANDS') throw error;
    }
    const expected = reference[i]!;
    const want = 'bytes' in expected ? formatHex(expected.bytes) : '';
    if (want !== '') accepted++;
    if (actual !== want) differences.push(`${text}: llvm-mc ${want || 'rejects'} | jitkit ${actual || 'rejects'}`);
  });
  assert.deepEqual(differences, []);
  // 4 vcmp + 4 vrange + 4 vfixupimm five-operand forms, 2 x 3 scalar ones and 6 packed four-operand ones
  assert.ok(accepted >= 24 * 2, `llvm-mc accepted only ${accepted} texts`);
});

test('a five-operand call that fits no form names the forms, the {sae} + imm8 ones among them', () => {
  try {
    new Assembler().emit('vrangeps', [zmm1, zmm2, zmm3, rnSae, 5]);
    assert.fail('expected E_OPERANDS');
  } catch (error) {
    assert.ok(isJitkitError(error) && error.code === 'E_OPERANDS', String(error));
    assert.match(error.message, /takes \{sae\} there/);
    assert.match(error.message, /vrangeps zmm\{kz\}, zmm, zmm, sae, imm8/);
  }
  assert.throws(() => new Assembler().emit('vrangeps', [zmm1, zmm2, zmm3, sae, 5, 6]), (error: unknown) => isJitkitError(error) && error.code === 'E_OPERANDS');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJitkitError } from '../../src/errors.ts';
import { Assembler, rax, rnSae, sae, xmm1, ymm1, ymm2, ymm3, zmm1, zmm2, zmm3, zmmword } from '../../src/x64/index.ts';
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
];

test('rounding operands are refused where the encoding has no room for them, as llvm-mc refuses them', () => {
  const reference = assembleWithLlvmMc(REFUSED.map(([text]) => text));
  REFUSED.forEach(([text, mnemonic, operands], i) => {
    assert.ok('error' in reference[i]!, `llvm-mc accepts ${text}`);
    assert.throws(() => new Assembler().emit(mnemonic, operands as never), (error: unknown) => isJitkitError(error) && error.code === 'E_OPERANDS', text);
  });
});

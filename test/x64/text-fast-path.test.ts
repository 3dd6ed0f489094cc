import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHex } from '../../src/asm/hex.ts';
import { isJitkitError } from '../../src/errors.ts';
import { Assembler } from '../../src/x64/assembler.ts';
import { X64TextParser } from '../../src/x64/text/parser.ts';
import { evexVsibCases, instructionCases, roundingCases } from './instruction-cases.ts';
import { formatInstruction } from './intel-text.ts';

/**
 * The parser reads common statements through a fast path (src/x64/text/common-statements.ts) and
 * everything else through the general grammar. Both must agree on every text: the same bytes, or the
 * same error with the same message, line and column.
 */
function outcome(text: string, fastPath: boolean): string {
  const assembler = new Assembler();
  const parser = new X64TextParser(assembler, { fastPath });
  try {
    parser.parse(text);
    parser.checkLabelsDefined();
    return formatHex(assembler.finalize(0x401000n));
  } catch (error) {
    if (!isJitkitError(error)) throw error;
    return `${error.code} ${error.message} ${JSON.stringify(error.details)}`;
  }
}

const corpus = [...new Set([...instructionCases(), ...evexVsibCases(), ...roundingCases()].map((instruction) =>
  formatInstruction(instruction.mnemonic, instruction.operands, instruction.form.broadcastCount)))];

/** Spellings the fast path takes and gives up on in turn: case, spacing, hex forms, comments, labels. */
const SPELLINGS: Array<(text: string) => string> = [
  (text) => text,
  (text) => text.toUpperCase(),
  (text) => text.replace(/ ?([+*,\-]) ?/g, '$1').replace(/ \{/g, '{'),
  (text) => text.replace(/\b0x([0-9a-f]+)\b/gi, (_, digits: string) => `0${digits}h`),
  (text) => text.replace(/\b([a-z0-9]+)\*([1248])\b/g, '$2*$1'),
  (text) => `top: ${text} # comment\njne top`,
  (text) => `${text}; ${text}`,
  (text) => `\t${text.replace(/, /g, ' ,\t')}  // trailing`,
];

test('the fast path and the general parser agree on every corpus text and its spellings', () => {
  let compared = 0;
  const differences: string[] = [];
  corpus.forEach((text, i) => {
    // every text as written, every 5th in each other spelling
    for (const [n, spell] of SPELLINGS.entries()) {
      if (n > 0 && i % 5 !== n % 5) continue;
      const written = spell(text);
      const fast = outcome(written, true);
      const general = outcome(written, false);
      compared++;
      if (fast !== general) differences.push(`${written}\n  fast:    ${fast}\n  general: ${general}`);
    }
  });
  assert.deepEqual(differences.slice(0, 10), []);
  assert.ok(compared > corpus.length, `only ${compared} texts compared`);
});

/** Texts around the edges of what the fast path reads: it must take them or hand them over unchanged. */
const EDGES = [
  'mov eax, 42', 'mov eax, -42', 'mov eax, -0', 'mov eax, - 1', 'mov eax, 0x', 'mov eax, 0x1g', 'mov eax, 12z', 'mov eax, 0ffh',
  'mov rax, 123456789012345', 'mov rax, 1234567890123456', 'movabs rax, 0x1234567890abcd', 'movabs rax, 0x1234567890abcde',
  'mov eax, 1 + 2', 'mov eax, 2*3', 'mov eax, (1)', 'mov eax, ~0', 'add eax, ebx + 1', 'add eax,', 'add eax, ebx ecx', 'add , eax',
  'mov eax, dword ptr [rax + rcx*8 + 16]', 'mov eax, dword ptr [rax+rcx*8-16]', 'mov eax, dword ptr [rcx*8 + rax]',
  'mov eax, dword ptr [rax + 8*rcx]', 'mov eax, dword ptr [rax*3]', 'mov eax, dword ptr [rax*16]', 'mov eax, dword ptr [rax*08]',
  'mov eax, dword ptr [rax - rcx]', 'mov eax, dword ptr [-8 + rax]', 'mov eax, dword ptr [rax + rcx + rdx]', 'mov eax, dword ptr [rsp*2]',
  'mov eax, dword ptr [rax + rsp]', 'mov eax, dword ptr [eax]', 'mov eax, dword ptr [rip + 8]', 'mov eax, dword ptr [rax + 0x80000000]',
  'mov eax, dword ptr [rax + 0x7fffffff]', 'mov eax, dword ptr [rax - 0x80000000]', 'mov eax, dword ptr [rax', 'mov eax, dword [rax]',
  'mov eax, dword ptr fs:[8]', 'mov eax, [rax]', 'lea rax, [rax + rcx]', 'mov eax, dword ptr [0x1000]', 'mov eax, dword ptr [8]',
  'vaddps zmm1 {k1}{z}, zmm2, zmm3', 'vaddps zmm1{K1}{Z}, zmm2, zmm3', 'vaddps zmm1 {z}{k1}, zmm2, zmm3', 'vaddps zmm1 {z}, zmm2, zmm3',
  'vaddps zmm1 {k0}, zmm2, zmm3', 'vaddps zmm1 {k1}{k2}, zmm2, zmm3', 'vaddps zmm1 { k1 }, zmm2, zmm3', 'add eax {k1}, ebx',
  'vaddps zmm1, zmm2, dword ptr [rax]{1to16}', 'vaddps zmm1, zmm2, dword ptr [rax] {1to16}', 'vaddps zmm1, zmm2, dword ptr [rax]{1to8}',
  'vaddps zmm1, zmm2, [rax]{1to16}', 'vaddps zmm1, zmm2, dword ptr [rax]{1to3}', 'vmovups zmmword ptr [rax] {k2}, zmm3',
  'vmovups zmmword ptr [rax] {z}, zmm3', 'vaddps zmm1, zmm2, zmm3, {rn-sae}', 'vpgatherdd zmm7, k1, dword ptr [rax + zmm1*4]',
  'top: jne top', 'top: bottom: jmp bottom', 'top:', 'top: ; ret', 'eax: ret', 'ret: ret', 'a_very_long_label_name_indeed: jmp a_very_long_label_name_indeed',
  'jmp nowhere', 'jmp 0x401000', 'call 4198400', 'lock add dword ptr [rax], 1', 'rep movsb', 'db 1, 2', 'align 16', 'mvo eax, 1',
  'mov al, eax', 'mov eax, rip', 'mov eax, ptr', 'mov eax, dowrd ptr [rax]', 'mov eax, offset x\nx: ret', 'ret 8', 'nop // comment',
  '.: jmp .', 'jmp .', '$: nop', 'jmp $', 'mov rax, offset .', '.x: jmp .x',
  '', ' ', '\n\n', 'ret\r\nret', 'ret;;ret', '# only a comment', 'mov eax, 1 # comment', 'x:ret', '  \t  mov   eax ,  ebx  ',
];

test('the fast path and the general parser agree at the edges of the fast path', () => {
  for (const text of EDGES) assert.equal(outcome(text, true), outcome(text, false), JSON.stringify(text));
});

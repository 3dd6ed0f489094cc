import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHex } from '../../src/asm/hex.ts';
import { isJitkitError } from '../../src/errors.ts';
import type { JitkitErrorCode } from '../../src/errors.ts';
import { execFileSync } from 'node:child_process';
import { Assembler, dword, eax, k3, qword, rax, rdi, rnSae, rsi, zmm1, zmm2, fs } from '../../src/x64/index.ts';
import { assembleX64, namedLabel, parseX64, x64 } from '../../src/x64/text/index.ts';
import { LLVM_MC, llvmAssemble, llvmMissing } from '../support/llvm-assemble.ts';

/**
 * jitkit's text uses `db` where llvm-mc's Intel dialect wants `.byte`, and llvm-mc reads neither MASM's
 * `0ffh` nor `_` digit groups; everything else is handed to llvm-mc as written.
 */
function llvm(source: string): string {
  const text = source
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\bdb\b/g, '.byte')
    .replace(/\b(\d[0-9a-f]*)h\b/gi, (_, digits: string) => `0x${digits}`)
    .replace(/\b(\d+)_(?=\d)/g, '$1')
    .replace(/\b(\d+)_(?=\d)/g, '$1');
  return formatHex(llvmAssemble(text, 'x64'));
}

const nops = (count: number) => Array.from({ length: count }, () => 'nop').join('\n');

const PROGRAMS: Record<string, string> = {
  'backward loop': 'mov ecx, 10\nloop: dec ecx\njnz loop\nret',
  'forward short jump': 'test edi, edi; jz done; mov eax, 1; done: ret',
  'forward jump just in rel8 reach': `jmp end\n${nops(127)}\nend: ret`,
  'forward jump just out of rel8 reach': `jmp end\n${nops(128)}\nend: ret`,
  'backward jump at the rel8 boundary': `top:\n${nops(126)}\njnz top\nret`,
  'backward jump past the rel8 boundary': `top:\n${nops(127)}\njnz top\nret`,
  'chained forward jumps around the boundary': `jz a\njz b\n${nops(125)}\na: nop\nb: ret`,
  'rip-relative data after the code': 'lea rax, [rip + table]\nmov eax, dword ptr [rip + table + 4]\nret\ntable: db 1, 2, 3, 4, 5, 6, 7, 8',
  'prefixes': 'lock add dword ptr [rdi], 1\nrep movsb\nrepne scasb\nlock xadd qword ptr [rsi], rax\nlock\ncmpxchg qword ptr [rdi], rcx',
  'segments and absolute addresses': 'mov rax, qword ptr fs:[0x28]\nmov ecx, dword ptr gs:[rax + 8]\nmov edx, dword ptr [0x1000]',
  'numbers': 'mov eax, 0ffh\nadd rax, -0x10\nmov ecx, 4*8 + 1\nmov edx, (3 - 5) * 2\nmovabs rax, 0x123456789abcdef0\nmov eax, 0b1010\nmov eax, 1_000_000',
  'comments': '# a whole-line comment\nmov eax, 1 # after an instruction\n// slashes too\nret // and here',
  'upper case and odd spacing': 'MOV   EAX ,DWORD PTR[RDI+RSI*4+8]\n\tRET',
  'AVX-512 masking and broadcast': 'vaddps zmm1 {k1}{z}, zmm2, dword ptr [rax + rcx*4 + 64]{1to16}\nvmovups zmmword ptr [rax] {k2}, zmm3\nvpaddq zmm4{k7}, zmm5, qword ptr [rdi]{1to8}',
  'scaled index first, vector registers, r8-r15': 'mov r9d, dword ptr [4*rcx + r13 - 8]\nmovdqu xmm9, xmmword ptr [r12]\nvpxor ymm10, ymm11, ymm12',
  // the longest mnemonic (16 characters) and labels of 15-17 characters, one of them a mnemonic plus a letter
  'sixteen-character names': 'VAESKEYGENASSIST xmm9, xmm15, 1\nvaeskeygenassist xmm1, xmmword ptr [rax + 16], 0x11\nvaeskeygenassis: jz vaeskeygenassisx\nvaeskeygenassisx: jz vaeskeygenassistx\nvaeskeygenassistx: jmp vaeskeygenassis',
};

for (const [name, source] of Object.entries(PROGRAMS)) {
  test(`program: ${name} — the same bytes as llvm-mc`, { skip: llvmMissing }, () => {
    assert.equal(formatHex(assembleX64(source)), llvm(source), source);
  });
}

test('branches to labels take the shortest encoding that reaches (checked on both sides of rel8)', () => {
  assert.equal(assembleX64(`jmp end\n${nops(127)}\nend: ret`).length, 2 + 127 + 1);
  assert.equal(assembleX64(`jmp end\n${nops(128)}\nend: ret`).length, 5 + 128 + 1);
});

test('align pads exactly as the fluent align() does, and branches across it relax', () => {
  const fluent = new Assembler();
  const target = fluent.label();
  fluent.mov(eax, 1).align(16).bind(target).ret().jmp(target);
  assert.equal(formatHex(assembleX64('mov eax, 1\nalign 16\ntarget: ret\njmp target')), formatHex(fluent.finalize()));
  assert.equal(assembleX64('mov eax, 1\nalign 16\ntarget: ret').length, 17);
});

test('labels are shared by every piece of text appended to one assembler, and reach fluent code', { skip: llvmMissing }, () => {
  const assembler = new Assembler();
  x64.into(assembler)`test edi, edi\njz skip`;
  assembler.mov(eax, 7);
  parseX64('skip: ret', assembler);
  assert.equal(formatHex(assembler.finalize()), llvm('test edi, edi\njz skip\nmov eax, 7\nskip: ret'));
  assert.equal(assembler.offsetOf(namedLabel(assembler, 'skip')), 9);
});

test('the template interpolates numbers, bigints, registers, labels, memory operands and segments', { skip: llvmMissing }, () => {
  const n = 12;
  assert.equal(formatHex(x64`lea eax, [rdi + ${n}]; ret`.finalize()), llvm('lea eax, [rdi + 12]; ret'));
  assert.equal(formatHex(x64`mov ${eax}, dword ptr [${rdi} + ${rsi}*${4} - ${n}]`.finalize()), llvm('mov eax, dword ptr [rdi + rsi*4 - 12]'));
  assert.equal(formatHex(x64`movabs rax, ${0xfedcba9876543210n}`.finalize()), llvm('movabs rax, 0xfedcba9876543210'));
  assert.equal(formatHex(x64`mov rax, ${qword(rdi, 8)}; add ${dword(rsi)}, 1`.finalize()), llvm('mov rax, qword ptr [rdi + 8]; add dword ptr [rsi], 1'));
  assert.equal(formatHex(x64`mov ecx, dword ptr ${fs}:[0x30]; mov eax, dword ptr ${qword(rax)}`.finalize()), llvm('mov ecx, dword ptr fs:[0x30]; mov eax, dword ptr [rax]'));
  assert.equal(formatHex(x64`vaddps ${zmm1}{${k3}}{z}, ${zmm2}, dword ptr [rax]{1to16}`.finalize()), llvm('vaddps zmm1 {k3}{z}, zmm2, dword ptr [rax]{1to16}'));

  const assembler = new Assembler();
  const exit = assembler.label();
  const constant = assembler.constant([1, 0, 0, 0]);
  x64.into(assembler)`mov eax, dword ptr [rip + ${constant}]\ntest eax, eax\njnz ${exit}\nxor eax, eax`;
  assembler.bind(exit).ret();
  assert.equal(formatHex(assembler.finalize()), llvm('mov eax, dword ptr [rip + data]\ntest eax, eax\njnz exit\nxor eax, eax\nexit: ret\n.balign 4, 0\ndata: .byte 1, 0, 0, 0'));
});

test('the template returns an Assembler to finalize at any load address', () => {
  const code = x64`call ${0x401000n}`;
  assert.equal(formatHex(code.finalize(0x400000n)), formatHex(assembleX64('call 0x401000', 0x400000n)));
  assert.notEqual(formatHex(code.finalize(0x400000n)), formatHex(code.finalize(0x500000n)));
});

function rejects(source: string, code: JitkitErrorCode, where: { line: number; column: number }, message: RegExp): void {
  assert.throws(
    () => assembleX64(source),
    (error) => {
      assert.ok(isJitkitError(error), `${source}: ${String(error)}`);
      assert.equal(error.code, code, `${source}: ${error.message}`);
      assert.match(error.message, new RegExp(`^line ${where.line}, column ${where.column}: `), source);
      assert.match(error.message, message, source);
      assert.deepEqual([error.details.line, error.details.column], [where.line, where.column]);
      return true;
    },
  );
}

test('syntax errors name the line, the column and what would work', () => {
  rejects('mov eax, [rax', 'E_SYNTAX', { line: 1, column: 14 }, /expected '\+', '-' or '\]'/);
  rejects('nop\nmov eax, dowrd ptr [rax]', 'E_SYNTAX', { line: 2, column: 10 }, /'dowrd' is not a register or an operand size/);
  rejects('mov eax, 12z', 'E_SYNTAX', { line: 1, column: 10 }, /not a number; write decimal 42, hex 0x2a or 2ah/);
  rejects('ret\n  mov eax, dword [rax]', 'E_SYNTAX', { line: 2, column: 18 }, /expected 'ptr'/);
  rejects('mov eax, dword ptr [rax*3]', 'E_SYNTAX', { line: 1, column: 21 }, /must be 1, 2, 4 or 8/);
  rejects('mov eax, dword ptr [rax - rcx]', 'E_SYNTAX', { line: 1, column: 27 }, /cannot subtract a register/);
  rejects('lea rax, [table]\ntable: ret', 'E_SYNTAX', { line: 1, column: 10 }, /write \[rip \+ table\]/);
  rejects('vaddps zmm1, zmm2, [rax]{1to16}', 'E_SYNTAX', { line: 1, column: 20 }, /dword ptr \[rax\]\{1to16\}/);
  rejects('vaddps zmm1 {k1}{rn-sae}, zmm2, zmm3', 'E_SYNTAX', { line: 1, column: 17 }, /\{rn-sae\} is an operand of its own.*vaddps zmm1 \{k1\}, zmm2, zmm3, \{rn-sae\}/);
  rejects('vaddps zmm1, zmm2, zmm3, {rn-sea}', 'E_SYNTAX', { line: 1, column: 26 }, /unknown decoration \{rn-sea\}.*\{rn-sae\}, \{rd-sae\}, \{ru-sae\}, \{rz-sae\} or \{sae\} as an operand/);
  rejects('vaddps zmm1, zmm2, zmm3, {k1}', 'E_SYNTAX', { line: 1, column: 26 }, /goes right after the operand it applies to/);
  rejects('vaddps zmm1, zmm2, dword ptr [rax]{sae}', 'E_SYNTAX', { line: 1, column: 35 }, /\{sae\} is an operand of its own/);
  rejects('mov rax, offset data\ndata: ret', 'E_SYNTAX', { line: 1, column: 10 }, /only 'movabs r64, offset name' takes.*lea rax, \[rip \+ name\]/);
  rejects('movabs eax, offset data\ndata: ret', 'E_SYNTAX', { line: 1, column: 13 }, /only 'movabs r64, offset name'/);
  rejects('movabs rax, offset 0x1000', 'E_SYNTAX', { line: 1, column: 20 }, /expected a label name after 'offset'/);
  rejects('movabs rax, offset rcx', 'E_SYNTAX', { line: 1, column: 20 }, /expected a label name after 'offset'/);
  rejects('add eax, 1 ebx', 'E_SYNTAX', { line: 1, column: 12 }, /expected ',' between operands/);
  rejects('eax: ret', 'E_SYNTAX', { line: 1, column: 1 }, /'eax' is a register and cannot name a label/);
  // llvm-mc's Intel syntax refuses a lone '.' or '$' as a label too ("invalid use of pseudo-symbol '.' as a label")
  rejects('.: jmp .', 'E_SYNTAX', { line: 1, column: 1 }, /'\.' cannot name a label.*here: jmp here/);
  rejects('nop\njmp .', 'E_SYNTAX', { line: 2, column: 5 }, /'\.' cannot name a label/);
  rejects('jmp $', 'E_SYNTAX', { line: 1, column: 5 }, /'\$' cannot name a label/);
  rejects('db 256', 'E_SYNTAX', { line: 1, column: 4 }, /does not fit a byte \(-128\.\.255\)/);
  rejects('mov eax, [rax + 0x100000000]', 'E_RANGE', { line: 1, column: 10 }, /does not fit a signed 32-bit field/);
});

test('AVX-512 static rounding and {sae} are operands where LLVM writes them, also interpolated', { skip: llvmMissing }, () => {
  const source = 'vaddps zmm1 {k1}{z}, zmm2, zmm3, {rz-sae}\nvucomiss xmm1, xmm2, {sae}\nvrndscaleps zmm1, zmm2, {SAE}, 5\nvcvtsi2ss xmm1, xmm2, {ru-sae}, eax\nvsqrtpd zmm4, zmm5, { rd-sae }';
  // llvm-mc reads rounding names in lower case only; jitkit's keywords ignore case
  assert.equal(formatHex(assembleX64(source)), llvm(source.replace('{SAE}', '{sae}')));
  assert.equal(formatHex(x64`vaddps ${zmm1}, ${zmm2}, zmm3, ${rnSae}`.finalize()), llvm('vaddps zmm1, zmm2, zmm3, {rn-sae}'));
  // where the encoding has no room for rounding (a memory source, 256 bits), the assembler refuses it
  rejects('vaddps zmm1, zmm2, zmmword ptr [rax], {rn-sae}', 'E_OPERANDS', { line: 1, column: 1 }, /vaddps does not accept/);
  rejects('vaddps ymm1, ymm2, ymm3, {rn-sae}', 'E_OPERANDS', { line: 1, column: 1 }, /vaddps does not accept/);
});

test('iced-x86\'s gathers and scatters with the opmask as an operand give the LLVM spelling\'s bytes', { skip: llvmMissing }, () => {
  assert.equal(formatHex(assembleX64('vpgatherdd zmm7, k1, dword ptr [rax + zmm1*4 + 0x40]')), llvm('vpgatherdd zmm7 {k1}, zmmword ptr [rax + zmm1*4 + 0x40]'));
  assert.equal(formatHex(assembleX64('vscatterdps dword ptr [rax + zmm1*4], k2, zmm7')), llvm('vscatterdps zmmword ptr [rax + zmm1*4] {k2}, zmm7'));
  assert.equal(formatHex(assembleX64('vgatherqpd ymm3, k7, qword ptr [r13 + ymm20*8]')), llvm('vgatherqpd ymm3 {k7}, ymmword ptr [r13 + ymm20*8]'));
  // k0 means "no mask", which a gather cannot have
  rejects('vpgatherdd zmm7, k0, dword ptr [rax + zmm1*4]', 'E_OPERANDS', { line: 1, column: 1 }, /k1-k7/);
});

/** llvm-mc's encoding of one line with its fixups (`A` bytes), from -show-encoding. */
function llvmEncodingWithFixups(line: string): { bytes: Array<number | 'A'>; fixups: Array<{ offset: number; value: string; kind: string }> } {
  const output = execFileSync(LLVM_MC, ['-triple=x86_64', '-x86-asm-syntax=intel', '-output-asm-variant=1', '-show-encoding'], { input: `${line}\n`, encoding: 'utf8' });
  const encoding = /encoding: \[([^\]]*)\]/.exec(output)![1]!.split(',');
  return {
    bytes: encoding.map((byte) => (byte === 'A' ? 'A' : Number.parseInt(byte, 16))),
    fixups: [...output.matchAll(/fixup A - offset: (\d+), value: (\w+), kind: (\w+)/g)].map((match) => ({ offset: Number(match[1]), value: match[2]!, kind: match[3]! })),
  };
}

test('movabs r64, offset name is the label\'s absolute address, as llvm-mc\'s 8-byte data fixup', { skip: llvmMissing }, () => {
  const reference = llvmEncodingWithFixups('movabs rax, offset data');
  assert.deepEqual(reference.fixups, [{ offset: 2, value: 'data', kind: 'FK_Data_8' }]);
  for (const base of [0n, 0x401000n, 0x7fff_1234_5000n]) {
    const bytes = assembleX64('movabs r9, offset data\nmovabs rax, offset data\nret\ndata: dq 42', base);
    const second = bytes.subarray(10, 20);
    second.forEach((byte, i) => {
      if (reference.bytes[i] !== 'A') assert.equal(byte, reference.bytes[i], `byte ${i}`);
    });
    const address = new DataView(second.buffer, second.byteOffset + 2, 8).getBigUint64(0, true);
    assert.equal(address, base + 21n);
  }
  // the same through the template, and as the fluent movAddress writes it
  const fluent = new Assembler();
  const data = fluent.label();
  fluent.movAddress(rax, data).ret().bind(data).embed([1, 2]);
  const text = new Assembler();
  const label = text.label();
  x64.into(text)`movabs rax, offset ${label}; ret`;
  text.bind(label).embed([1, 2]);
  assert.equal(formatHex(text.finalize(0x1000n)), formatHex(fluent.finalize(0x1000n)));
});

test('unknown mnemonics and operand combinations surface the assembler error with the place', () => {
  rejects('ret\nmvo eax, 1', 'E_OPERANDS', { line: 2, column: 1 }, /unknown instruction 'mvo'; did you mean mov/);
  rejects('nop; mov al, eax', 'E_OPERANDS', { line: 1, column: 6 }, /mov.*al, eax/);
  rejects('  lock vaddps xmm0, xmm1', 'E_OPERANDS', { line: 1, column: 3 }, /vaddps does not accept/);
  rejects('jmp nowhere\nret', 'E_LABEL', { line: 1, column: 5 }, /label 'nowhere' is used but never defined/);
  rejects('a: nop\na: ret', 'E_LABEL', { line: 2, column: 1 }, /already bound/);
});

test('template values that are not operands are refused by name', () => {
  assert.throws(() => x64`mov eax, ${'42' as unknown as number}`, (error) => isJitkitError(error, 'E_SYNTAX') && /string '42'/.test(error.message));
  assert.throws(() => x64`mov eax, ${1.5}`, (error) => isJitkitError(error, 'E_SYNTAX') && /non-integer number 1\.5/.test(error.message));
  assert.throws(() => x64`mov eax, [rax + ${{}}]`, (error) => isJitkitError(error, 'E_SYNTAX') && /cannot be part of an address/.test(error.message));
  assert.throws(() => x64`mov eax, dword ptr [rip + ${rax}]`, (error) => isJitkitError(error, 'E_OPERANDS'));
});

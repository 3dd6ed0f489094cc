import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHex } from '../../src/asm/hex.ts';
import { main } from '../../src/cli/main.ts';
import { llvmEncode } from '../arm64/llvm-oracle.ts';
import { cannotRunCode } from '../support/host.ts';
import { llvmAssemble, llvmMissing } from '../support/llvm-assemble.ts';
import { instructionCases } from '../x64/instruction-cases.ts';
import { formatInstruction } from '../x64/intel-text.ts';
import { assembleWithLlvmMc } from '../x64/llvm-mc.ts';

/** Runs the CLI in this process (the emulated arm64 lane cannot spawn node), with `stdin` as piped input. */
async function jitkit(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (text) => (stdout += `${text}\n`),
    err: (text) => (stderr += `${text}\n`),
    readStdin: async () => stdin ?? '',
    stdinIsTerminal: stdin === undefined,
  });
  return { code, stdout, stderr };
}

test('asm from stdin prints one line per input line, diffable against llvm-mc', { skip: llvmMissing }, async () => {
  // every 40th corpus text (a few thousand lines across all form families) plus lines llvm-mc rejects
  const corpus = [...new Set(instructionCases().map((instruction) => formatInstruction(instruction.mnemonic, instruction.operands, instruction.form.broadcastCount)))];
  const lines = [...corpus.filter((_, i) => i % 40 === 0), 'mov al, eax', 'frobnicate eax', 'mov eax, [rax + rcx*3]'];
  const expected = assembleWithLlvmMc(lines);
  const result = await jitkit(['asm'], `${lines.join('\n')}\n`);
  const printed = result.stdout.split('\n').slice(0, -1);
  assert.equal(printed.length, lines.length);
  const mismatches: string[] = [];
  printed.forEach((line, i) => {
    const reference = expected[i]!;
    if ('error' in reference ? !line.startsWith('error: line 1, column ') : line !== formatHex(reference.bytes)) {
      mismatches.push(`${lines[i]}: llvm-mc ${'error' in reference ? `error ${reference.error}` : formatHex(reference.bytes)} | jitkit ${line}`);
    }
  });
  assert.deepEqual(mismatches.slice(0, 20), []);
  assert.equal(result.code, 1, 'an invalid line makes the exit code 1');
  assert.equal(result.stderr, '');
});

test('asm from stdin keeps blank lines and exits 0 when every line assembles', async () => {
  const result = await jitkit(['asm'], 'ret\n\n# only a comment\nnop\r\n');
  assert.deepEqual(result, { code: 0, stdout: 'c3\n\n\n90\n', stderr: '' });
});

test('asm formats a whole program as hex, bytes or a listing', { skip: llvmMissing }, async () => {
  const program = 'mov ecx, 10\nloop: dec ecx\njnz loop\nlea rax, [rip + loop]\nret';
  const reference = llvmAssemble(program, 'x64');
  assert.equal((await jitkit(['asm', program])).stdout, `${formatHex(reference)}\n`);
  assert.equal((await jitkit(['asm', 'mov ecx, 10', 'loop: dec ecx', 'jnz loop', 'lea rax, [rip + loop]', 'ret'])).stdout, `${formatHex(reference)}\n`, 'several arguments are several lines');
  assert.equal((await jitkit(['asm', '--format', 'bytes', program])).stdout, `${Array.from(reference, (byte) => `0x${byte.toString(16).padStart(2, '0')}`).join(', ')}\n`);
  const listing = await jitkit(['asm', '--format', 'listing', '--base', '0x401000', program]);
  assert.equal(listing.code, 0);
  const rows = listing.stdout.trimEnd().split('\n');
  assert.equal(rows.length, 5);
  assert.match(rows[0]!, /^0000000000401000  b9 0a 00 00 00 +mov ecx, 0xa$/);
  assert.match(rows[2]!, /^0000000000401007  75 fc +jne 0x401005$/);
  assert.match(rows[3]!, /lea rax, \[rip - 0xb\]  # 0x401005$/);
});

test('asm --arch arm64 assembles LLVM syntax as llvm-mc does', { skip: llvmMissing }, async () => {
  const lines = ['mov w0, #42', 'add x1, x2, x3, lsl #4', 'ldr x0, [x1, #8]', 'ret'];
  const expected = llvmEncode(lines).map((result) => ('error' in result ? result.error : formatHex(result.bytes)));
  assert.deepEqual(await jitkit(['asm', '--arch', 'arm64'], `${lines.join('\n')}\n`), { code: 0, stdout: `${expected.join('\n')}\n`, stderr: '' });
  assert.equal((await jitkit(['asm', '--arch', 'arm64', lines.join('; ')])).stdout, `${expected.join(' ')}\n`);
});

test('disasm lists instructions that re-assemble to the same bytes', { skip: llvmMissing }, async () => {
  const bytes = llvmAssemble('push rbx\nmov eax, dword ptr [rdi + rsi*4 + 8]\nvaddps zmm1 {k1}{z}, zmm2, dword ptr [rax]{1to16}\nlock xadd qword ptr [rdi], rax\npop rbx\nret', 'x64');
  const result = await jitkit(['disasm', '--base', '0x1000', formatHex(bytes)]);
  assert.equal(result.code, 0);
  const rows = result.stdout.trimEnd().split('\n');
  assert.equal(rows.length, 6);
  assert.match(rows[0]!, /^0000000000001000  53 +push rbx$/);
  const texts = rows.map((row) => row.replace(/^[0-9a-f]{16} {2}(?:[0-9a-f]{2} )*[0-9a-f]{2} +/, ''));
  assert.equal(formatHex(llvmAssemble(texts.join('\n'), 'x64')), formatHex(bytes));

  const json = JSON.parse((await jitkit(['disasm', '--json', 'b8 2a 00 00 00 c3'])).stdout) as Array<{ address: string; bytes: string; text: string }>;
  assert.deepEqual(json, [{ address: '0x0', bytes: 'b8 2a 00 00 00', text: 'mov eax, 0x2a' }, { address: '0x5', bytes: 'c3', text: 'ret' }]);
  assert.equal((await jitkit(['disasm'], 'c3\n')).stdout, '0000000000000000  c3  ret\n');
});

test('disasm --arch arm64 decodes what llvm-mc encodes', { skip: llvmMissing }, async () => {
  const lines = ['mov w0, #42', 'ldr x0, [x1, #8]', 'ret'];
  const bytes = llvmEncode(lines).flatMap((result) => ('bytes' in result ? [...result.bytes] : []));
  const result = await jitkit(['disasm', '--arch', 'arm64', formatHex(bytes)]);
  assert.equal(result.code, 0);
  assert.deepEqual(result.stdout.trimEnd().split('\n').map((row) => row.replace(/^[0-9a-f]{16} {2}(?:[0-9a-f]{2} ){3}[0-9a-f]{2} {2}/, '')), lines);
});

test('run assembles text for the host CPU and prints the result', { skip: cannotRunCode }, async () => {
  const text = process.arch === 'arm64' ? 'mov w0, #42; ret' : 'mov eax, 42; ret';
  assert.deepEqual(await jitkit(['run', text]), { code: 0, stdout: '42\n', stderr: '' });
  const add = process.arch === 'arm64' ? 'add w0, w0, w1\nret' : 'lea eax, [rdi + rsi]\nret';
  assert.equal((await jitkit(['run', add, '--sig', 'int32 (int32, int32)', '--args', '40,2'])).stdout, '42\n');
  const loop = process.arch === 'arm64'
    ? 'mov w0, #0\nmov w1, #10\ntop: add w0, w0, w1\nsubs w1, w1, #1\nb.ne top\nret'
    : 'xor eax, eax\nmov ecx, 10\ntop: add eax, ecx\ndec ecx\njnz top\nret';
  assert.equal((await jitkit(['run', loop])).stdout, '55\n');
});

test('asm, disasm and run report bad input on one line with exit code 2 or 1', async () => {
  const cases: Array<[string[], number, RegExp]> = [
    [['asm', 'mov eax, [rax'], 2, /line 1, column 14: expected '\+', '-' or '\]'.*\[E_SYNTAX\]/],
    [['asm', 'mvo eax, 1'], 2, /did you mean mov.*\[E_OPERANDS\]/],
    [['asm', '--arch', 'sparc', 'nop'], 2, /unknown architecture 'sparc'/],
    [['asm', '--format', 'elf', 'nop'], 2, /unknown format 'elf'/],
    [['asm', '--base', 'xyz', 'nop'], 2, /not an address/],
    [['asm'], 2, /nothing to assemble/],
    [['disasm', 'zz'], 2, /not a hex digit/],
    [['disasm'], 2, /nothing to disassemble/],
    [['run', 'mov eax, 1', '--hex', 'c3'], 2, /either assembly text or --hex/],
    // `run` assembles for the host: an x64 jump or an A64 branch to a label the text never defines.
    [['run', process.arch === 'arm64' ? 'b nowhere' : 'jmp nowhere'], 2, /label 'nowhere' is used but never defined; add 'nowhere:'/],
    [['run', 'call 0x401000; ret'], 1, /branches to an absolute address/],
  ];
  for (const [args, exit, message] of cases) {
    if (args[0] === 'run' && exit === 1 && (cannotRunCode || process.arch !== 'x64')) continue;
    const result = await jitkit(args);
    assert.equal(result.code, exit, `${args.join(' ')} → ${result.stderr}`);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `one line for ${args.join(' ')}: ${result.stderr}`);
    assert.match(lines[0]!, /^jitkit: error: /);
    assert.match(lines[0]!, message);
  }
});

test('asm and disasm have --help and appear in the command list', async () => {
  for (const command of ['asm', 'disasm']) {
    const result = await jitkit([command, '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, new RegExp(`^usage: jitkit ${command}`));
  }
  const usage = (await jitkit(['--help'])).stdout;
  assert.match(usage, /^ {2}asm /m);
  assert.match(usage, /^ {2}disasm /m);
});

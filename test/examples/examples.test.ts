// The examples are documentation; this keeps them running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cannotRunCode } from '../support/host.ts';
import { llvmAssemble, llvmMissing } from '../support/llvm-assemble.ts';
import { formatHex } from '../../src/asm/hex.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cannotSpawn = process.env.JITKIT_EMULATOR !== undefined && 'cannot spawn node under the emulator';
const skip = cannotRunCode || (process.arch !== 'x64' && 'the foundation examples hold x86-64 machine code') || (process.env.JITKIT_EMULATOR !== undefined && 'cannot spawn node under the emulator');

function runExample(name: string): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `examples/${name}.ts`], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

test('examples/execute.ts returns 305419896', { skip }, () => {
  assert.match(runExample('execute'), /b8 78 56 34 12 c3 at 0x[0-9a-f]+ returned 305419896/);
});

test('examples/rewrite.ts prints 42, true, 1337', { skip }, () => {
  assert.equal(runExample('rewrite'), '42\ntrue\n1337\n');
});

test('examples/patch.ts changes read+execute code under wx and dual', { skip }, () => {
  assert.equal(runExample('patch'), 'wx: 42 -> 1337, code page r-x\ndual: 42 -> 1337, code page r-x\n');
});

test('examples/assemble-x64.ts assembles a loop that sums to 10 and an EVEX instruction llvm-mc agrees with', { skip }, () => {
  const [loop, result, evex] = runExample('assemble-x64').trim().split('\n');
  assert.equal(result, '10n');
  assert.equal(loop, formatHex(llvmAssemble('xor rax, rax; test rsi, rsi; jz 1f; xor rcx, rcx; 2: add rax, qword ptr [rdi + rcx*8]; inc rcx; cmp rcx, rsi; jne 2b; 1: ret', 'x64')));
  assert.equal(evex, formatHex(llvmAssemble('vaddps zmm1 {k1} {z}, zmm2, dword ptr [rax]{1to16}', 'x64')));
});

test('examples/assemble-arm64.ts prints llvm-mc-identical bytes and a disassembly', { skip: cannotSpawn || llvmMissing }, () => {
  const lines = runExample('assemble-arm64').trim().split('\n');
  assert.equal(lines[0], formatHex(llvmAssemble('mov x1, #0; 1: add x1, x1, #1; subs x0, x0, #1; b.ne 1b; mov x0, x1; ret', 'arm64')));
  assert.deepEqual(lines.slice(1), ['mov x0, #22136', 'movk x0, #4660, lsl #48', 'add w0, w0, w1', 'ret']);
});

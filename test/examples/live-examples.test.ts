// The live-modification examples are documentation; this keeps them running. Expected lines are built
// from independent facts (llvm-mc encodings, arithmetic), not from the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cannotRunCode } from '../support/host.ts';
import { llvmAssemble, llvmMissing } from '../support/llvm-assemble.ts';
import { formatHex } from '../../src/asm/hex.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const skip = cannotRunCode || (process.arch !== 'x64' && 'the live examples hold x86-64 machine code') || (process.env.JITKIT_EMULATOR !== undefined && 'cannot spawn node under the emulator');

function runExample(name: string): string[] {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `examples/${name}.ts`], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim().split('\n');
}

test('examples/live-slot.ts rewrites 42 to 1337 and refuses 2**40', { skip: skip || llvmMissing }, () => {
  assert.deepEqual(runExample('live-slot'), [
    `42 ${formatHex(llvmAssemble('mov eax, 42; ret', 'x64'))}`,
    `1337 ${formatHex(llvmAssemble('mov eax, 1337; ret', 'x64'))}`,
    'E_PATCH_RANGE; still 1337',
  ]);
});

test('examples/live-swap.ts redirects the entry from 1 to 2 and releases the old version', { skip }, () => {
  const [first, second, third] = runExample('live-swap');
  assert.match(first!, /^entry 0x[0-9a-f]+ returns 1$/);
  assert.equal(second, 'after swap: 2 (generation 1, 1 retired version kept mapped)');
  assert.equal(third, 'released 1');
});

test('examples/live-once.ts runs the body once in three calls', { skip }, () => {
  assert.deepEqual(runExample('live-once'), ['42 42 42; body ran 1 time(s); fired true']);
});

test('examples/live-probe.ts counts 3 hits with rcx 3,2,1 and restores the bytes', { skip }, () => {
  assert.deepEqual(runExample('live-probe'), ['3000 hits=3 rcx=3,2,1', 'restored=true 3000 hits=3']);
});

test('examples/live-trampoline.ts binds 1000 (+5) natively, 7 (*6) into JS, and 1000 before nine arguments', { skip }, () => {
  const nineArguments = [1, 2, 3, 4, 5, 6, 7, 8, 9].reduce((sum, value) => sum + value, 0);
  assert.deepEqual(runExample('live-trampoline'), [String(1000 + 5), String(7 * 6), String(1000 + nineArguments)]);
});

test('examples/live-breakpoint.ts traps once with the arguments in rdi/rsi and restores the bytes', { skip: skip || llvmMissing }, () => {
  const patched = llvmAssemble('mov rax, rsi; sub rax, rdi; ret', 'x64');
  patched[3] = 0xcc; // int3 over the first byte of `sub`
  assert.deepEqual(runExample('live-breakpoint'), [formatHex(patched), `${50 - 2} hits=1 rdi=2 rsi=50`, `restored=true ${50 - 2} hits=1`]);
});

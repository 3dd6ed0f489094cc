// The examples are documentation; this keeps them running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cannotRunCode } from '../support/host.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
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

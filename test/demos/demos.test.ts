import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeDemo, hostPrograms, patchDemo, rewriteDemo } from '../../src/demos/index.ts';
import { isJitkitError } from '../../src/errors.ts';
import { aliasWritesInvisible, cannotRunCode } from '../support/host.ts';
import { llvmAssemble, llvmMissing } from '../support/llvm-assemble.ts';

test('the demo programs are exactly what llvm-mc assembles from their listings', { skip: llvmMissing }, () => {
  for (const arch of ['x64', 'arm64'] as const) {
    const programs = hostPrograms(arch);
    const toLlvm = (listing: string) => (arch === 'x64' ? listing : listing.replace(/#0x/g, '#0x'));
    assert.deepEqual([...programs.return0x12345678.code], [...llvmAssemble(toLlvm(programs.return0x12345678.listing), arch)], `${arch} return0x12345678`);
    assert.deepEqual([...programs.return42.code], [...llvmAssemble(programs.return42.listing, arch)], `${arch} return42`);
    const patch = programs.patchReturnValue(1337);
    const patched = programs.return42.code.slice();
    patched.set(patch.bytes, patch.offset);
    const tail = arch === 'x64' ? 'ret' : 'ret';
    assert.deepEqual([...patched], [...llvmAssemble(`${patch.listing}; ${tail}`, arch)], `${arch} patched to 1337`);
  }
});

test('patch values out of the instruction field range are E_PATCH_RANGE', () => {
  assert.throws(() => hostPrograms('x64').patchReturnValue(2 ** 32), (error) => isJitkitError(error, 'E_PATCH_RANGE'));
  assert.throws(() => hostPrograms('arm64').patchReturnValue(70000), (error) => isJitkitError(error, 'E_PATCH_RANGE') && /0\.\.65535/.test(error.message));
});

for (const policy of ['wx', 'dual', 'rwx'] as const) {
  test(`execute demo under ${policy}: six bytes return 305419896`, { skip: cannotRunCode }, () => {
    const report = executeDemo({ policy });
    assert.equal(report.ok, true, report.summary);
    assert.equal(report.policy, policy);
    assert.ok(report.steps.some((step) => step.value === '305419896'));
  });
}

for (const policy of ['wx', 'dual'] as const) {
  test(`patch demo under ${policy}: read+execute code changes from 42 to 1337`, { skip: cannotRunCode || (policy === 'dual' && aliasWritesInvisible) }, () => {
    const report = patchDemo({ policy });
    assert.equal(report.ok, true, report.summary);
    const calls = report.steps.flatMap((step) => step.osCalls.map((call) => call.name));
    if (policy === 'wx') assert.ok(calls.filter((name) => name === 'mprotect').length >= 4, 'wx flips protection around each write');
    const patchStep = report.steps.find((step) => step.title.startsWith('patched'))!;
    if (policy === 'dual') assert.ok(!patchStep.osCalls.some((call) => call.name === 'mprotect'), 'dual patches without mprotect');
  });
}

test('rewrite demo: the same pointer returns 42 then 1337 under rwx, and other policies are refused', { skip: cannotRunCode }, () => {
  const report = rewriteDemo();
  assert.equal(report.ok, true, report.summary);
  assert.equal(report.policy, 'rwx');
  assert.deepEqual(report.steps.filter((step) => step.value !== undefined).map((step) => step.value), ['42', '1337']);
  assert.throws(() => rewriteDemo({ policy: 'wx' }), (error) => isJitkitError(error, 'E_POLICY_DENIED') && /--policy rwx/.test(error.message));
});

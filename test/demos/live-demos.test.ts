import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMOS, breakpointDemo, onceDemo, probeDemo, slotDemo, swapDemo, trampolineDemo, type DemoReport } from '../../src/demos/index.ts';
import { formatHex } from '../../src/asm/hex.ts';
import { isJitkitError } from '../../src/errors.ts';
import { aliasWritesInvisible, cannotRunCode } from '../support/host.ts';
import { llvmAssemble, llvmMissing } from '../support/llvm-assemble.ts';

const x64Only = process.arch !== 'x64' && 'this demo is x86-64 only (see src/patch for what arm64 supports)';

function values(report: DemoReport): string[] {
  return report.steps.filter((step) => step.value !== undefined).map((step) => step.value!);
}

test('the six live-modification demos are registered with a default policy', () => {
  for (const name of ['slot', 'swap', 'once', 'probe', 'breakpoint', 'trampoline']) {
    const entry = DEMOS.find((demo) => demo.name === name);
    assert.ok(entry !== undefined, name);
    assert.ok(['auto', 'dual', 'rwx'].includes(entry.defaultPolicy), `${name}: ${entry.defaultPolicy}`);
  }
  assert.equal(DEMOS.find((demo) => demo.name === 'once')!.defaultPolicy, 'dual');
});

for (const policy of ['wx', 'dual'] as const) {
  const skip = cannotRunCode || (policy === 'dual' && aliasWritesInvisible) || x64Only || llvmMissing;
  test(`slot demo under ${policy}: the code bytes become llvm-mc's 'mov eax, 1337'`, { skip }, () => {
    const report = slotDemo({ policy });
    assert.equal(report.ok, true, report.summary);
    assert.deepEqual(values(report), ['42', '1337']);
    const bytes = report.steps.filter((step) => step.bytes !== undefined).map((step) => step.bytes);
    assert.deepEqual(bytes, [formatHex(llvmAssemble('mov eax, 42; ret', 'x64')), formatHex(llvmAssemble('mov eax, 1337; ret', 'x64'))]);
    assert.match(report.steps.at(-2)!.detail ?? report.steps.at(-1)!.detail!, /refused: .*outside.*unchanged/);
  });

  test(`swap demo under ${policy}: the same entry returns 1 then 2`, { skip: cannotRunCode || (policy === 'dual' && aliasWritesInvisible) }, () => {
    const report = swapDemo({ policy });
    assert.equal(report.ok, true, report.summary);
    assert.deepEqual(values(report), ['1', '2']);
    const sites = report.steps.filter((step) => step.bytes !== undefined).map((step) => step.bytes!);
    assert.equal(sites.length, 2);
    assert.notEqual(sites[0], sites[1]);
    // Only the jump word (first 8 bytes) changes; the pointer half is unused by a rel32 jump.
    if (process.arch === 'x64') assert.equal(sites[0]!.slice(24), sites[1]!.slice(24));
  });

  test(`probe demo under ${policy}: 3 hits with the loop counter 3, 2, 1 and the exact bytes restored`, { skip: cannotRunCode || (policy === 'dual' && aliasWritesInvisible) }, () => {
    const report = probeDemo({ policy });
    assert.equal(report.ok, true, report.summary);
    const counter = process.arch === 'arm64' ? 'x1' : 'rcx';
    assert.deepEqual(values(report), [String(10 * 1000), `${3 * 1000}; hits 3; ${counter} at each hit: 3, 2, 1`, `${10 * 1000}; hits still 3`]);
    const bytes = report.steps.filter((step) => step.bytes !== undefined).map((step) => step.bytes!);
    assert.equal(bytes[0], bytes[2], 'removal restores the original bytes');
    if (process.arch === 'arm64') assert.match(bytes[1]!, /^(?:[0-9a-f]{2} ){11}1[4-7] /, 'the add (third word) became a b');
    else assert.match(bytes[1]!, /^31 c0 48 89 f9 e9 /, 'the add at +5 became a jmp rel32');
  });

  // A trampoline is written once into fresh memory and never rewritten, so qemu-user's stale translations
  // (aliasWritesInvisible) do not concern it.
  test(`trampoline demo under ${policy}: 1000 + 5 natively, 7 * 6 through JS`, { skip: cannotRunCode }, () => {
    const report = trampolineDemo({ policy });
    assert.equal(report.ok, true, report.summary);
    assert.deepEqual(values(report), [String(1000 + 5), String(7 * 6), String(1000 + 45)]);
  });
}

// Under qemu-user the rewrite through the dual alias is stored but not executed (aliasWritesInvisible): the
// state word still keeps the body from running twice, and the entry is read back from memory.
test('once demo under dual: 1001 calls, one body run, the entry rewritten to a direct jump', { skip: cannotRunCode }, () => {
  const report = onceDemo({ policy: 'dual' });
  assert.equal(report.ok, true, report.summary);
  assert.deepEqual(values(report).slice(0, 2), ['42 (body runs: 1)', '42 (body runs: 1)']);
  const entries = report.steps.filter((step) => step.bytes !== undefined).map((step) => step.bytes!);
  assert.notEqual(entries[0], entries[1]);
  // x86-64: E9 (jmp rel32); A64: a little-endian `b` word, whose top byte is 0x14-0x17.
  assert.match(entries[1]!, process.arch === 'arm64' ? /^(?:[0-9a-f]{2} ){3}1[4-7]/ : /^e9 /);
});

test('once demo under wx is refused with E_POLICY_DENIED (the CLI reports it as skipped)', { skip: cannotRunCode }, () => {
  assert.throws(() => onceDemo({ policy: 'wx' }), (error) => isJitkitError(error, 'E_POLICY_DENIED'));
});

for (const policy of ['wx', 'dual'] as const) {
  test(`breakpoint demo under ${policy}: a trap on the sub, three hits, last registers, exact restore`, { skip: cannotRunCode || (policy === 'dual' && aliasWritesInvisible) || llvmMissing }, () => {
    const report = breakpointDemo({ policy });
    assert.equal(report.ok, true, report.summary);
    const bytes = report.steps.filter((step) => step.bytes !== undefined).map((step) => step.bytes!);
    const arm64 = process.arch === 'arm64';
    const original = arm64 ? llvmAssemble('mov x2, x1; sub x0, x2, x0; ret', 'arm64') : llvmAssemble('mov rax, rsi; sub rax, rdi; ret', 'x64');
    const trapped = original.slice();
    if (arm64) trapped.set(llvmAssemble('brk #0x6a6b', 'arm64'), 4);
    else trapped[3] = 0xcc;
    assert.deepEqual(bytes, [formatHex(original), formatHex(trapped), formatHex(original)]);
    const registers = arm64 ? 'x0=3 x1=30 x2=30' : 'rdi=3 rsi=30 rax=30';
    assert.match(values(report)[0]!, new RegExp(`^${10 - 1}, ${20 - 2}, ${30 - 3}; hits 3; last hit: ${registers} `));
  });
}

// The stable entry site's two x86-64 forms and the AArch64 literal form, decoded independently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entrySiteCode } from '../../src/patch/entry-site.ts';
import { decodeX64 } from '../../src/patch/x64-decode.ts';

test('x64: a near target gives jmp rel32, a far one jmp [rip+2] through the pointer at +8', () => {
  const site = 0x7f0000001000n;
  const near = decodeX64(entrySiteCode('x64', site, site + 0x4000n).subarray(0, 8), site);
  assert.equal(near[0]!.branchTarget, 0x4000);
  assert.equal(near[0]!.length, 5);
  const farTarget = site + 0x1_0000_0000n;
  const code = entrySiteCode('x64', site, farTarget);
  const far = decodeX64(code.subarray(0, 8), site);
  assert.match(far[0]!.text, /^jmp qword ptr \[/);
  assert.equal(far[0]!.ripRelative, true);
  assert.equal(far[0]!.length, 6, 'six-byte jmp; two int3 fill the word');
  assert.equal(new DataView(code.buffer).getBigUint64(8, true), farTarget);
});

test('arm64: ldr x16, #8; br x16; then the 8-byte target', () => {
  const code = entrySiteCode('arm64', 0x1000n, 0x1122334455667788n);
  const view = new DataView(code.buffer);
  assert.equal(view.getUint32(0, true), 0x58000050); // ldr x16, #8
  assert.equal(view.getUint32(4, true), 0xd61f0200); // br x16
  assert.equal(view.getBigUint64(8, true), 0x1122334455667788n);
});

// AAPCS64 callee-saved registers: x19-x28 and the low 64 bits of v8-v15 (d8-d15) must hold the same values
// after a call as before it. A generated probe loads distinctive values into them, calls the function under
// test, and writes what it finds afterwards to a BigUint64Array (restoring its own caller's values before it
// returns to koffi, so even a misbehaving function under test cannot corrupt the JS engine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/call/index.ts';
import { a64, cannotRunA64, runOptions } from './run-assemble.ts';

const GP = Array.from({ length: 10 }, (_, i) => 19 + i); // x19..x28
const FP = Array.from({ length: 8 }, (_, i) => 8 + i); // d8..d15

/** A distinctive 64-bit pattern per register: its number in every 16-bit lane, plus a tag for FP. */
const patternOf = (register: number, fp: boolean): bigint => {
  const lane = BigInt((fp ? 0xf000 : 0xa000) | register);
  return (lane << 48n) | (lane << 32n) | (lane << 16n) | lane;
};
const expected = [...GP.map((r) => patternOf(r, false)), ...FP.map((r) => patternOf(r, true))];

function movImmediate64(register: string, value: bigint): string[] {
  return [0, 1, 2, 3].map((hw) => `${hw === 0 ? 'movz' : 'movk'} ${register}, #${(value >> BigInt(16 * hw)) & 0xffffn}, lsl #${16 * hw}`);
}

/** probe(void *fn, uint64 *out): out[0..9] = x19..x28, out[10..17] = d8..d15 as seen after calling fn. */
const probeSource = [
  'stp x29, x30, [sp, #-176]!',
  'mov x29, sp',
  'stp x19, x20, [sp, #16]', 'stp x21, x22, [sp, #32]', 'stp x23, x24, [sp, #48]', 'stp x25, x26, [sp, #64]', 'stp x27, x28, [sp, #80]',
  'stp d8, d9, [sp, #96]', 'stp d10, d11, [sp, #112]', 'stp d12, d13, [sp, #128]', 'stp d14, d15, [sp, #144]',
  'str x1, [sp, #160]', // x1 is caller-saved: the function under test may clobber it
  ...GP.flatMap((r) => movImmediate64(`x${r}`, patternOf(r, false))),
  ...FP.flatMap((r) => [...movImmediate64('x9', patternOf(r, true)), `fmov d${r}, x9`]),
  'blr x0',
  'ldr x1, [sp, #160]',
  'stp x19, x20, [x1]', 'stp x21, x22, [x1, #16]', 'stp x23, x24, [x1, #32]', 'stp x25, x26, [x1, #48]', 'stp x27, x28, [x1, #64]',
  'stp d8, d9, [x1, #80]', 'stp d10, d11, [x1, #96]', 'stp d12, d13, [x1, #112]', 'stp d14, d15, [x1, #128]',
  'ldp x19, x20, [sp, #16]', 'ldp x21, x22, [sp, #32]', 'ldp x23, x24, [sp, #48]', 'ldp x25, x26, [sp, #64]', 'ldp x27, x28, [sp, #80]',
  'ldp d8, d9, [sp, #96]', 'ldp d10, d11, [sp, #112]', 'ldp d12, d13, [sp, #128]', 'ldp d14, d15, [sp, #144]',
  'ldp x29, x30, [sp], #176',
  'ret',
].join('\n');

/** Overwrites every callee-saved register (and all of v8-v15, of which only the low halves are preserved). */
const clobberAll = [
  ...GP.map((r) => `mov x${r}, #-1`),
  ...FP.flatMap((r) => [`fmov d${r}, x19`, `mov v${r}.d[1], x19`]), // x19 is all ones by now
];

function runProbe(functionUnderTest: Uint8Array): bigint[] {
  const probe = compile(a64(probeSource), 'void (void *, uint64 *)', runOptions);
  const target = compile(functionUnderTest, 'void (void)', runOptions);
  const out = new BigUint64Array(expected.length);
  try {
    probe(target.address, out);
  } finally {
    target.dispose();
    probe.dispose();
  }
  return Array.from(out);
}

test('a function that saves x19-x28/d8-d15 in its prologue and restores them in its epilogue preserves them', { skip: cannotRunA64 }, () => {
  const wellBehaved = a64([
    'stp x29, x30, [sp, #-144]!', 'mov x29, sp',
    'stp x19, x20, [sp, #16]', 'stp x21, x22, [sp, #32]', 'stp x23, x24, [sp, #48]', 'stp x25, x26, [sp, #64]', 'stp x27, x28, [sp, #80]',
    'stp d8, d9, [sp, #96]', 'stp d10, d11, [sp, #112]', 'stp d12, d13, [sp, #128]',
    'str d14, [sp, #-16]!', 'str d15, [sp, #8]',
    ...clobberAll,
    'ldr d15, [sp, #8]', 'ldr d14, [sp], #16',
    'ldp d12, d13, [sp, #128]', 'ldp d10, d11, [sp, #112]', 'ldp d8, d9, [sp, #96]',
    'ldp x27, x28, [sp, #80]', 'ldp x25, x26, [sp, #64]', 'ldp x23, x24, [sp, #48]', 'ldp x21, x22, [sp, #32]', 'ldp x19, x20, [sp, #16]',
    'ldp x29, x30, [sp], #144', 'ret',
  ].join('\n'));
  assert.deepEqual(runProbe(wellBehaved), expected);
});

test('the probe catches a function that clobbers x28 and d15 without saving them', { skip: cannotRunA64 }, () => {
  const seen = runProbe(a64('mov x28, #0\nfmov d15, xzr\nret'));
  const x28 = GP.indexOf(28);
  const d15 = GP.length + FP.indexOf(15);
  assert.equal(seen[x28], 0n);
  assert.equal(seen[d15], 0n);
  // Everything else still holds the probe's values.
  seen.forEach((value, index) => {
    if (index !== x28 && index !== d15) assert.equal(value, expected[index]);
  });
});

test('caller-saved registers are free to change: clobbering x0-x18 and v0-v7, v16-v31 preserves the callee-saved set', { skip: cannotRunA64 }, () => {
  const lines: string[] = [];
  for (let r = 0; r <= 17; r++) lines.push(`mov x${r}, #-1`); // x18 is the platform register: left alone on Linux too
  for (const r of [...Array(8).keys(), ...Array.from({ length: 16 }, (_, i) => 16 + i)]) lines.push(`fmov d${r}, x9`, `mov v${r}.d[1], x9`);
  // The upper halves of v8-v15 are caller-saved as well.
  for (const r of FP) lines.push(`mov v${r}.d[1], x9`);
  lines.push('ret');
  assert.deepEqual(runProbe(a64(lines.join('\n'))), expected);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arm64Assembler } from '../../src/arm64/assembler.ts';
import { literal } from '../../src/arm64/operands.ts';
import { d3, w1, x0 } from '../../src/arm64/registers.ts';

function word(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/** The byte offset an LDR (literal) at `at` loads from: imm19 words, sign-extended (Arm ARM C6.2.167). */
function literalTarget(bytes: Uint8Array, at: number): number {
  const w = word(bytes, at);
  assert.equal(w & 0x3b000000, 0x18000000, `word at ${at} is an LDR (literal)`);
  return at + ((((w >>> 5) & 0x7ffff) << 13) >> 13) * 4;
}

function readU64(bytes: Uint8Array, at: number): bigint {
  return BigInt(word(bytes, at)) | (BigInt(word(bytes, at + 4)) << 32n);
}

// With the default capacity the buffer grows on the way, and each growth re-reads the deadline; with 4 MiB
// from the start it never grows, so only the literal's own deadline can make the encoders flush the pool.
for (const initialCapacity of [undefined, 4 << 20]) {
  test(`the literal pool is flushed, behind a branch, before a pending load would fall out of its ±1 MiB reach (initial capacity ${initialCapacity ?? 'default'})`, () => {
    poolFlushCase(new Arm64Assembler(initialCapacity === undefined ? {} : { initialCapacity }));
  });
}

function poolFlushCase(a: Arm64Assembler): void {
  a.ldr(x0, literal(0x1122334455667788n));
  a.ldr(w1, literal(0xdeadbeef));
  a.ldr(d3, literal(2.5));
  const nops = (1 << 20) / 4 + 1000; // more than 1 MiB of code after the loads
  for (let i = 0; i < nops; i++) a.nop();
  a.ldr(x0, literal(0x1122334455667788n)); // after the flush: needs a new copy
  a.ret();
  const bytes = a.finalize();

  const first = literalTarget(bytes, 0);
  const second = literalTarget(bytes, 4);
  const third = literalTarget(bytes, 8);
  for (const target of [first, second, third]) assert.ok(target - 0 < (1 << 20), 'within reach');
  assert.ok(first < bytes.length - 4096, 'the pool was placed inside the code, not at the end');
  assert.equal(readU64(bytes, first), 0x1122334455667788n);
  assert.equal(word(bytes, second), 0xdeadbeef);
  assert.equal(new DataView(bytes.buffer, bytes.byteOffset).getFloat64(third, true), 2.5);
  assert.equal(first % 8, 0, '8-byte constants are 8-byte aligned');

  // The instruction before the pool branches over it to the next instruction after the pool.
  const poolStart = Math.min(first, second, third);
  let branchAt = poolStart - 4;
  while (word(bytes, branchAt) === 0) branchAt -= 4; // alignment padding
  const branch = word(bytes, branchAt);
  assert.equal(branch >>> 26, 0b000101, 'an unconditional B precedes the pool');
  const after = branchAt + (((branch & 0x3ffffff) << 6) >> 6) * 4;
  assert.ok(after > Math.max(first, second, third));
  assert.equal(word(bytes, after), 0xd503201f, 'execution resumes at the next nop');

  const lateLoad = findLastLiteral(bytes);
  assert.ok(lateLoad > first, 'the late load comes after the first pool');
  const late = literalTarget(bytes, lateLoad);
  assert.ok(late > lateLoad, 'the constant was placed again, after the late load, in the final pool');
  assert.equal(readU64(bytes, late), 0x1122334455667788n);
}

function findLastLiteral(bytes: Uint8Array): number {
  for (let at = bytes.length - 4; at >= 0; at -= 4) if ((word(bytes, at) & 0xff000000) === 0x58000000) return at;
  throw new Error('no ldr literal');
}

test('ldr =constant in text shares one pool entry per distinct constant', () => {
  const bytes = new Arm64Assembler().assemble('ldr x0, =0x123456789abcdef0\nldr x1, =0x123456789abcdef0\nldr w2, =7\nret').finalize();
  const a = literalTarget(bytes, 0);
  const b = literalTarget(bytes, 4);
  assert.equal(a, b, 'identical constants are deduplicated');
  assert.equal(readU64(bytes, a), 0x123456789abcdef0n);
  assert.equal(word(bytes, literalTarget(bytes, 8)), 7);
});

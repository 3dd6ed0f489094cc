import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Arm64Assembler } from '../../src/arm64/assembler.ts';
import { disassemble } from '../../src/arm64/disassemble.ts';
import { decodeBitmask, encodeBitmask } from '../../src/arm64/immediates.ts';
import { w0, x0 } from '../../src/arm64/registers.ts';
import { hex, llvmEncode } from './llvm-oracle.ts';

/** Runs a movz/movn/movk/orr sequence on a model register (bit layouts from the Arm ARM, not from jitkit's table). */
function execute(bytes: Uint8Array, width: 32 | 64): bigint {
  const mask = (1n << BigInt(width)) - 1n;
  let register = 0n;
  for (let at = 0; at < bytes.length; at += 4) {
    const w = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
    const opc = (w >>> 29) & 3;
    const imm16 = BigInt((w >>> 5) & 0xffff);
    const shift = BigInt(((w >>> 21) & 3) * 16);
    if (((w >>> 23) & 0x3f) === 0b100101) {
      if (opc === 0) register = ~(imm16 << shift) & mask; // MOVN
      else if (opc === 2) register = imm16 << shift; // MOVZ
      else if (opc === 3) register = (register & ~(0xffffn << shift)) | (imm16 << shift); // MOVK
      else throw new Error('unexpected move-wide opc');
    } else if (((w >>> 23) & 0x3f) === 0b100100 && opc === 1 && ((w >>> 5) & 31) === 31) {
      register = decodeBitmask(w, width)!; // ORR Rd, zr, #imm
    } else {
      throw new Error(`unexpected instruction ${w.toString(16)}`);
    }
  }
  return register;
}

function chunkCount(value: bigint, width: number, filler: bigint): number {
  let count = 0;
  for (let i = 0n; i < BigInt(width); i += 16n) if (((value >> i) & 0xffffn) !== filler) count++;
  return Math.max(1, count);
}

test('mov synthesizes any 64-bit constant, never longer than movz/movn+movk', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.constantFrom(0, 1, 2, 3), (raw, shape) => {
      // Bias towards values with zero/ones chunks and repeated patterns, where the short forms matter.
      let value = raw;
      if (shape === 1) value &= 0xffff0000ffffn;
      if (shape === 2) value |= 0xffffffff00000000n;
      if (shape === 3) value = (raw & 0xffffn) * 0x0001000100010001n;
      const bytes = new Arm64Assembler().mov(x0, value).finalize();
      assert.equal(execute(bytes, 64), value);
      const shortest = Math.min(chunkCount(value, 64, 0n), chunkCount(value, 64, 0xffffn));
      const isBitmask = encodeBitmask(Number(value >> 32n), Number(value & 0xffffffffn)) >= 0;
      assert.ok(bytes.length / 4 <= (isBitmask ? 1 : shortest), `0x${value.toString(16)}: ${bytes.length / 4} instructions`);
    }),
    { numRuns: 3000 },
  );
});

test('mov synthesizes any 32-bit constant in at most two instructions', () => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), (value) => {
      const bytes = new Arm64Assembler().mov(w0, value).finalize();
      assert.equal(execute(bytes, 32), BigInt(value >>> 0));
      assert.ok(bytes.length <= 8);
    }),
    { numRuns: 2000 },
  );
});

test('orr + movk beats three or four move-wide instructions where a chunk breaks a pattern', () => {
  const value = 0x5555_1234_5555_5555n; // a bitmask except for one chunk
  const bytes = new Arm64Assembler().mov(x0, value).finalize();
  assert.equal(bytes.length, 8);
  assert.equal(execute(bytes, 64), value);
});

test('synthesized sequences are what llvm-mc assembles from their disassembly', () => {
  const values = [0n, 1n, 0xffffn, 0x10000n, 0xffff_ffff_ffff_ffffn, 0x1234_5678_9abc_def0n, 0xffff_0000_ffff_0000n, 0x5555_1234_5555_5555n, 0x8000_0000_0000_0001n];
  const lines: string[] = [];
  const expected: string[] = [];
  for (const value of values) {
    const bytes = new Arm64Assembler().mov(x0, value).finalize();
    for (const line of disassemble(bytes)) lines.push(line);
    expected.push(hex(bytes));
  }
  const oracle = llvmEncode(lines).map((r) => ('bytes' in r ? hex(r.bytes) : `error ${r.error}`));
  assert.equal(oracle.join(' '), expected.join(' '));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CodeBuffer } from '../../src/asm/code-buffer.ts';
import { ConstantPool } from '../../src/asm/constant-pool.ts';
import { Label } from '../../src/asm/label.ts';
import { applyFixups, relativeDisplacement, type FixupFormat } from '../../src/asm/fixup.ts';
import { isJitkitError } from '../../src/errors.ts';

test('CodeBuffer writes little-endian values and grows past its initial capacity', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })), { maxLength: 200 }), (writes) => {
      const buffer = new CodeBuffer(16);
      const expected: number[] = [];
      for (const [kind, value] of writes) {
        const size = [1, 2, 4, 8][kind]!;
        const masked = BigInt.asUintN(size * 8, value);
        if (size === 1) buffer.u8(Number(masked));
        else if (size === 2) buffer.u16(Number(masked));
        else if (size === 4) buffer.u32(Number(masked));
        else buffer.u64(masked);
        for (let i = 0; i < size; i++) expected.push(Number((masked >> BigInt(8 * i)) & 0xffn));
      }
      assert.deepEqual([...buffer.toBytes()], expected);
    }),
  );
});

test('CodeBuffer range checks reads and writes', () => {
  const buffer = new CodeBuffer();
  buffer.u32(0x11223344);
  assert.equal(buffer.readU32(0), 0x11223344);
  assert.throws(() => buffer.readU32(1), (error) => isJitkitError(error, 'E_RANGE'));
  assert.throws(() => buffer.writeU32(4, 0), (error) => isJitkitError(error, 'E_RANGE'));
});

const rel8: FixupFormat = {
  name: 'rel8',
  apply(site) {
    const displacement = relativeDisplacement(site);
    if (displacement < -128 || displacement > 127) throw new RangeError('out of range');
    site.bytes[site.at] = displacement & 0xff;
  },
};

test('applyFixups resolves labels relative to pc and reports unbound labels with E_LABEL', () => {
  const owner = {};
  const target = new Label(0, owner, 'target');
  const bytes = new Uint8Array(8);
  target.offset = 6;
  applyFixups(bytes, [{ at: 1, pc: 2, target, addend: 0, format: rel8 }], 0n);
  assert.equal(bytes[1], 4);
  const unbound = new Label(1, owner, 'nowhere');
  assert.throws(
    () => applyFixups(bytes, [{ at: 1, pc: 2, target: unbound, addend: 0, format: rel8 }], 0n),
    (error) => isJitkitError(error, 'E_LABEL') && /nowhere/.test(error.message),
  );
});

test('applyFixups measures external targets through the load address', () => {
  const bytes = new Uint8Array(4);
  applyFixups(bytes, [{ at: 0, pc: 2, target: 0x1010n, addend: 0, format: rel8 }], 0x1000n);
  assert.equal(bytes[0], 0x0e);
});

test('ConstantPool shares identical constants and aligns each one', () => {
  let id = 0;
  const owner = {};
  const pool = new ConstantPool(() => new Label(id++, owner));
  const a = pool.add(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 8);
  const b = pool.add(Uint8Array.of(9, 9), 2);
  assert.equal(pool.add(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 8), a);
  const buffer = new CodeBuffer();
  buffer.u8(0xc3);
  pool.flush(
    () => buffer.length,
    (count) => buffer.fill(0xcc, count),
    (label) => {
      label.offset = buffer.length;
    },
    (bytes) => buffer.bytes(bytes),
  );
  assert.equal(a.offset % 8, 0);
  assert.equal(b.offset % 2, 0);
  assert.deepEqual([...buffer.toBytes().subarray(a.offset, a.offset + 8)], [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual([...buffer.toBytes().subarray(b.offset, b.offset + 2)], [9, 9]);
  assert.ok(pool.isEmpty);
});

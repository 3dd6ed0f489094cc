import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatHex, parseHex } from '../../src/asm/hex.ts';
import { isJitkitError } from '../../src/errors.ts';

test('parseHex accepts spaced, packed, 0x- and \\x-prefixed forms', () => {
  const expected = [0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3];
  for (const text of ['b8 2a 00 00 00 c3', 'b82a000000c3', '0xb8,0x2a,0x00,0x00,0x00,0xc3', '\\xb8\\x2a\\x00\\x00\\x00\\xc3', 'B8:2A:00:00:00:C3']) {
    assert.deepEqual([...parseHex(text)], expected, text);
  }
});

test('parseHex rejects odd digit counts and non-hex characters with E_HEX', () => {
  assert.throws(() => parseHex('b8 2a 0'), (error) => isJitkitError(error, 'E_HEX') && /odd number/.test(error.message));
  assert.throws(() => parseHex('b8 zz'), (error) => isJitkitError(error, 'E_HEX') && /'z' is not a hex digit/.test(error.message));
});

test('formatHex and parseHex round-trip any bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      assert.deepEqual(parseHex(formatHex(bytes)), bytes);
    }),
  );
});

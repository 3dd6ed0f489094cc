import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSignature } from '../../src/call/signature.ts';
import { parseArgumentTexts } from '../../src/call/argument-text.ts';
import { isJitkitError } from '../../src/errors.ts';

test('signatures written like C parse to canonical types', () => {
  const cases: Array<[string, string]> = [
    ['int64 (int64, int64)', 'int64 (int64, int64)'],
    ['double (double *, size_t)', 'double (void *, uint64)'],
    ['void ()', 'void ()'],
    ['int (void)', 'int32 ()'],
    ['double(const double *values, size_t count)', 'double (void *, uint64)'],
    ['uint8_t * (unsigned int, int8, bool)', 'void * (uint32, int8, bool)'],
    ['float (float a, float b)', 'float (float, float)'],
  ];
  for (const [text, canonical] of cases) assert.equal(parseSignature(text).text, canonical, text);
});

test('bad signatures are E_SIGNATURE naming the problem and the known types', () => {
  const bad: Array<[string, RegExp]> = [
    ['int64', /not a signature/],
    ['quad (int64)', /unknown return type 'quad'.*known types/],
    ['int64 (int64, vec4)', /unknown parameter 2 'vec4'/],
    ['int64 (void, int64)', /parameter 1 .* is void/],
    ['int64 (int64,)', /parameter 2 .* is empty/],
    ['long (long)', /unknown return type 'long'/],
  ];
  for (const [text, message] of bad) {
    assert.throws(() => parseSignature(text), (error) => isJitkitError(error, 'E_SIGNATURE') && message.test(error.message), text);
  }
  assert.throws(() => parseSignature(42 as never), (error) => isJitkitError(error, 'E_SIGNATURE'));
});

test('command-line argument texts become typed values', () => {
  const signature = parseSignature('int64 (int32, double, bool, void *, uint64)');
  assert.deepEqual(parseArgumentTexts(signature, ['-0x10', '1.5', 'true', 'null', '18446744073709551615']), [-16n, 1.5, true, null, 18446744073709551615n]);
  assert.throws(() => parseArgumentTexts(signature, ['1']), (error) => isJitkitError(error, 'E_ARGUMENTS') && /takes 5 argument/.test(error.message));
  assert.throws(() => parseArgumentTexts(signature, ['x', '1', 'true', 'null', '1']), (error) => isJitkitError(error, 'E_ARGUMENTS') && /'x'/.test(error.message));
  assert.throws(() => parseArgumentTexts(signature, ['1', 'one', 'true', 'null', '1']), (error) => isJitkitError(error, 'E_ARGUMENTS'));
});

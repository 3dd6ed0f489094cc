import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePolicy } from '../../src/memory/policy.ts';
import { isJitkitError } from '../../src/errors.ts';

const all = { wx: true, dual: true, rwx: true, reasons: {} };

test('auto prefers dual, then wx, and never falls back to rwx', () => {
  assert.equal(resolvePolicy('auto', all), 'dual');
  assert.equal(resolvePolicy('auto', { ...all, dual: false }), 'wx');
  assert.throws(
    () => resolvePolicy('auto', { wx: false, dual: false, rwx: true, reasons: { wx: 'EACCES', dual: 'EPERM' } }),
    (error) => isJitkitError(error, 'E_POLICY_DENIED') && /only when asked for by name/.test(error.message) && /EACCES/.test(error.message),
  );
});

test('a refused forced policy names the policies that would work', () => {
  assert.throws(
    () => resolvePolicy('rwx', { wx: true, dual: true, rwx: false, reasons: { rwx: 'Permission denied (errno 13)' } }),
    (error) => isJitkitError(error, 'E_POLICY_DENIED') && /policies that work here: dual, wx/.test(error.message) && /errno 13/.test(error.message),
  );
  assert.equal(resolvePolicy('wx', all), 'wx');
});

test('auto picks wx over dual when alias writes do not reach execution (qemu-user)', () => {
  assert.equal(resolvePolicy('auto', all, false), 'wx');
  assert.equal(resolvePolicy('auto', { ...all, wx: false }, false), 'dual', 'dual is still better than nothing');
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ENCODERS_PATH, renderEncoders } from '../../scripts/arm64-table-encoders.ts';

test('the committed specialised encoders are generated from the current table', () => {
  // A stale file would encode with old fixed bits or register shifts; regenerate with the script when this fails.
  assert.equal(readFileSync(ENCODERS_PATH, 'utf8'), renderEncoders(), 'run: node --import tsx scripts/arm64-table-encoders.ts');
});

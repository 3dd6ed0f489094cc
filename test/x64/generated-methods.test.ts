import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderGeneratedMethods } from '../../src/x64/method-signatures.ts';

test('the committed fluent methods and their specialised encoders match the instruction table (run scripts/x64-generate-methods.ts)', () => {
  const committed = readFileSync(new URL('../../src/x64/assembler-methods.generated.ts', import.meta.url), 'utf8');
  assert.ok(committed === renderGeneratedMethods(), 'src/x64/assembler-methods.generated.ts is stale: run node --import tsx scripts/x64-generate-methods.ts');
});

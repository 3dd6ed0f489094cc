/**
 * Generates from the x64 instruction table:
 * - src/x64/assembler-methods.generated.ts: one typed fluent method per mnemonic, with an overload per
 *   distinct operand-type signature, so TypeScript rejects operand kinds that no form accepts;
 * - src/x64/instruction-encoders.generated.ts: one specialised encoder per mnemonic, each form's bytes
 *   baked in (see src/x64/encoder-generator.ts).
 * Run after changing the table:
 *
 *     node --import tsx scripts/x64-generate-methods.ts
 *
 * The test suite checks that the committed output is up to date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSpecialisedEncoders } from '../src/x64/encoder-generator.ts';
import { renderGeneratedMethods } from '../src/x64/method-signatures.ts';

for (const [file, render] of [
  ['assembler-methods.generated.ts', renderGeneratedMethods],
  ['instruction-encoders.generated.ts', renderSpecialisedEncoders],
] as const) {
  const target = fileURLToPath(new URL(`../src/x64/${file}`, import.meta.url));
  writeFileSync(target, render());
  console.log(`wrote ${target}`);
}

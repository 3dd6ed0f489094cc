/**
 * Generates src/x64/assembler-methods.generated.ts from the x64 instruction table: one typed fluent method
 * per mnemonic, with an overload per distinct operand-type signature, so TypeScript rejects operand kinds
 * that no form accepts, and as its body the mnemonic's specialised encoder, each form's bytes baked in
 * (see src/x64/encoder-generator.ts).
 * Run after changing the table:
 *
 *     node --import tsx scripts/x64-generate-methods.ts
 *
 * The test suite checks that the committed output is up to date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderGeneratedMethods } from '../src/x64/method-signatures.ts';

const target = fileURLToPath(new URL('../src/x64/assembler-methods.generated.ts', import.meta.url));
writeFileSync(target, renderGeneratedMethods());
console.log(`wrote ${target}`);

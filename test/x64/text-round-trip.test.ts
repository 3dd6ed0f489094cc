import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatHex } from '../../src/asm/hex.ts';
import { isJitkitError } from '../../src/errors.ts';
import { Assembler } from '../../src/x64/index.ts';
import { assembleX64, disassembleX64 } from '../../src/x64/text/index.ts';
import { evexVsibCases, instructionCases } from './instruction-cases.ts';
import type { InstructionCase } from './instruction-cases.ts';

const cases = instructionCases();
/**
 * AVX-512 gathers and scatters, which iced-x86 prints with the opmask as an operand of its own
 * (`vpgatherdd zmm7, k1, dword ptr [rax + zmm1*4]`, `vscatterdps dword ptr [rax + zmm1*4], k2, zmm7`).
 */
const gatherScatterCases = evexVsibCases();

/** The bytes the fluent side of the assembler makes for a case, or undefined when it rejects the operands. */
function encode(index: number, from: readonly InstructionCase[] = cases): Uint8Array | undefined {
  const instruction = from[index]!;
  try {
    return new Assembler().emit(instruction.mnemonic, instruction.operands).finalize();
  } catch (error) {
    if (isJitkitError(error)) return undefined;
    throw error;
  }
}

test('random table instruction → bytes → iced-x86 Intel text → parser → the same bytes', () => {
  let checked = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: cases.length - 1 }), fc.bigInt({ min: 0n, max: 0x7fff_ffff_f000n }), (index, base) => {
      const bytes = encode(index);
      if (bytes === undefined) return;
      const decoded = disassembleX64(bytes, base);
      assert.equal(decoded.length, 1, `${formatHex(bytes)} decodes as one instruction, got ${decoded.map((line) => line.text).join(' | ')}`);
      const text = decoded[0]!.text;
      let again: Uint8Array;
      try {
        again = assembleX64(text, base);
      } catch (error) {
        throw new Error(`${cases[index]!.mnemonic}: iced prints '${text}' for ${formatHex(bytes)}, which the parser rejects: ${(error as Error).message}`);
      }
      if (formatHex(again) !== formatHex(bytes) && /^xchg \w+, \w+$/.test(text)) {
        // xchg r, r is symmetric: 86/87 with either register in ModRM.reg do the same thing, and iced
        // prints the ModRM.rm register first while assemblers put the first operand in ModRM.reg
        const [, first, second] = /^xchg (\w+), (\w+)$/.exec(text)!;
        assert.equal(disassembleX64(again, base)[0]!.text, `xchg ${second}, ${first}`, `'${text}' (from ${formatHex(bytes)})`);
      } else {
        assert.equal(formatHex(again), formatHex(bytes), `'${text}' (from ${formatHex(bytes)})`);
      }
      checked++;
    }),
    { numRuns: 3000 },
  );
  assert.ok(checked > 2000, `only ${checked} of 3000 random cases were encodable`);
});

test('AVX-512 gathers and scatters round-trip through iced-x86\'s separate-opmask text', () => {
  // an EVEX gather or scatter needs an opmask, so the unmasked cases of the corpus are not encodable
  const encodable = gatherScatterCases.map((_, index) => encode(index, gatherScatterCases)).filter((bytes) => bytes !== undefined);
  assert.ok(encodable.length > 100, `only ${encodable.length} encodable gathers and scatters`);
  fc.assert(
    fc.property(fc.constantFrom(...encodable), (bytes) => {
      const text = disassembleX64(bytes)[0]!.text;
      // the property is about iced's spelling, with the opmask as an operand of its own
      assert.match(text, /, k[1-7], /);
      assert.equal(formatHex(assembleX64(text)), formatHex(bytes), `'${text}' (from ${formatHex(bytes)})`);
    }),
    { numRuns: 500 },
  );
});

test('branches to absolute addresses survive the round trip at any load address', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('jmp', 'call', 'jne', 'jz', 'jae', 'js'),
      fc.bigInt({ min: 0x1000n, max: 0x7fff_0000n }),
      fc.integer({ min: -0x7000_0000, max: 0x7000_0000 }),
      (mnemonic, base, distance) => {
        const target = base + BigInt(distance);
        if (target < 0n) return;
        const bytes = assembleX64(`${mnemonic} 0x${target.toString(16)}`, base);
        const [line] = disassembleX64(bytes, base);
        assert.equal(line!.target, target);
        assert.equal(formatHex(assembleX64(line!.text, base)), formatHex(bytes));
      },
    ),
    { numRuns: 300 },
  );
});

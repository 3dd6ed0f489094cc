import type { Form } from '../../src/arm64/form.ts';
import { decodeBitmask } from '../../src/arm64/immediates.ts';
import { instructionText } from '../../src/arm64/operand-text.ts';
import { allForms } from '../../src/arm64/table.ts';

/**
 * Test inputs drawn from the instruction table: for each form, field values at the edges of every slot
 * (all zeros, all ones, only the top bit, all but the top bit, only the low bit) and random ones, decoded
 * into operands and printed as text. Which bytes those texts must assemble to is llvm-mc's call, not ours.
 */
export interface Sample {
  readonly form: Form;
  readonly mnemonic: string;
  readonly operands: readonly unknown[];
  readonly text: string;
}

/** A small deterministic PRNG (mulberry32) so every run tests the same texts. */
export function random32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function highestBit(mask: number): number {
  return mask === 0 ? 0 : (1 << (31 - Math.clz32(mask))) >>> 0;
}

function fieldPattern(mask: number, choice: number, next: () => number): number {
  switch (choice) {
    case 0: return 0;
    case 1: return mask;
    case 2: return highestBit(mask);
    case 3: return mask & ~highestBit(mask);
    case 4: return mask & -mask;
    default: return next() & mask;
  }
}

/** Decodes `word` with `form`'s slots, or undefined when a slot cannot print those bits. */
export function decodeWith(form: Form, word: number): unknown[] | undefined {
  const operands: unknown[] = [];
  for (const slot of form.slots) {
    const operand = slot.decode(word >>> 0);
    if (operand === undefined) return undefined;
    operands.push(operand);
  }
  return operands;
}

export function tableSamples(perForm: number, seed = 1): Sample[] {
  const next = random32(seed);
  const samples: Sample[] = [];
  const seen = new Set<string>();
  for (const form of allForms) {
    if (form.macro !== undefined) continue;
    for (let k = 0; k < perForm; k++) {
      let word = form.bits;
      for (const slot of form.slots) {
        const choice = k < 6 ? k : next() % 7;
        word |= fieldPattern(slot.fieldMask, choice, next);
      }
      const operands = decodeWith(form, word);
      if (operands === undefined) continue;
      const text = instructionText(form.mnemonic, operands, form.slots);
      if (seen.has(text)) continue;
      seen.add(text);
      samples.push({ form, mnemonic: form.mnemonic, operands, text });
    }
  }
  return samples;
}

/** Every logical immediate there is: each element size 2..64, run length and rotation (5334 for 64-bit, 1302 for 32-bit). */
export function allBitmaskImmediates(width: 32 | 64): bigint[] {
  const values = new Set<bigint>();
  for (let n = 0; n <= (width === 64 ? 1 : 0); n++) {
    for (let immr = 0; immr < 64; immr++) {
      for (let imms = 0; imms < 64; imms++) {
        const value = decodeBitmask((n << 22) | (immr << 16) | (imms << 10), width);
        if (value !== undefined && (width === 64 || immr < 32)) values.add(value);
      }
    }
  }
  return [...values];
}

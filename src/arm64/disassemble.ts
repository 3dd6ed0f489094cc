import { Arm64Assembler } from './assembler.ts';
import type { Form } from './form.ts';
import { instructionText } from './operand-text.ts';
import { allForms } from './table.ts';

/**
 * A64 disassembler driven by the instruction table: a word matches a form when its fixed bits agree
 * (`word & mask === bits`); the slots decode the operands. Forms are tried in table order, which lists
 * every alias before the instruction it aliases (the Arm ARM's "preferred disassembly"). A candidate is
 * accepted only if its text assembles back to the same word, so every line round-trips through the
 * assembler and an alias is printed only where the Arm ARM's conditions for it hold.
 */

/** Forms bucketed by bits 25..28 (the A64 top-level encoding group), each bucket in table order. */
const buckets: Form[][] = (() => {
  const ordered = allForms.filter((form) => form.macro === undefined);
  const result: Form[][] = Array.from({ length: 16 }, () => []);
  for (const form of ordered) {
    for (let group = 0; group < 16; group++) {
      const groupBits = group << 25;
      if (((groupBits ^ form.bits) & form.mask & (15 << 25)) === 0) result[group]!.push(form);
    }
  }
  return result;
})();

export interface DecodedInstruction {
  readonly mnemonic: string;
  readonly operands: readonly unknown[];
  readonly text: string;
  readonly form: Form;
}

/** Decodes one word, or undefined when no form in the table produces it. */
export function decodeInstruction(word: number, checker: Arm64Assembler = new Arm64Assembler({ initialCapacity: 64 })): DecodedInstruction | undefined {
  const w = word >>> 0;
  for (const form of buckets[(w >>> 25) & 15]!) {
    if ((w & form.mask) !== form.bits) continue;
    const operands: unknown[] = [];
    let complete = true;
    for (const slot of form.slots) {
      const operand = slot.decode(w);
      if (operand === undefined) {
        complete = false;
        break;
      }
      operands.push(operand);
    }
    if (!complete) continue;
    let again: number;
    try {
      again = checker.encodeInstruction(form.mnemonic, operands);
    } catch {
      continue;
    }
    if (again >>> 0 !== w) continue;
    return { mnemonic: form.mnemonic, operands, text: instructionText(form.mnemonic, operands, form.slots), form };
  }
  return undefined;
}

/**
 * Bytes to LLVM-style lines, one per 4-byte word. Words outside the table print as `.inst 0x...`, which
 * the assembler reads back. With a load address, PC-relative targets get their absolute address in a comment.
 */
export function disassemble(bytes: Uint8Array, base?: bigint): string[] {
  const checker = new Arm64Assembler({ initialCapacity: 64 });
  const lines: string[] = [];
  let offset = 0;
  for (; offset + 4 <= bytes.length; offset += 4) {
    const word = (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
    const decoded = decodeInstruction(word, checker);
    if (decoded === undefined) {
      lines.push(`.inst 0x${word.toString(16).padStart(8, '0')}`);
      continue;
    }
    let line = decoded.text;
    if (base !== undefined) {
      const pc = base + BigInt(offset);
      decoded.form.slots.forEach((slot, i) => {
        const value = decoded.operands[i];
        if (slot.pcRelative === undefined || typeof value !== 'number') return;
        const target = slot.pcRelative === 'page' ? (pc & ~0xfffn) + BigInt(value) : pc + BigInt(value);
        line += ` // 0x${target.toString(16)}`;
      });
    }
    lines.push(line);
  }
  for (; offset < bytes.length; offset++) lines.push(`.byte 0x${bytes[offset]!.toString(16).padStart(2, '0')}`);
  return lines;
}

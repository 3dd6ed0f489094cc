import { JitkitError } from '../errors.ts';
import type { CodeBlock } from '../memory/index.ts';
import { Arm64Writer, X16 } from './arm64-writer.ts';
import { fitsRel32 } from './x64-writer.ts';

/**
 * A 16-byte jump site whose target changes with one aligned store while other threads run through it.
 *
 * x86-64 layout: bytes 0-7 are one aligned word holding either `jmp rel32; int3×3` (direct, when the
 * target is within ±2 GiB) or `jmp [rip+2]; int3×2` (indirect through bytes 8-15). Either form fits the
 * word, so switching forms is still one 8-byte store; the pointer is stored before the word that starts
 * using it. Intel SDM Vol. 3 §8.1.1: an aligned quadword store is atomic, so a fetching core decodes the old
 * or the new jump, never a mix.
 *
 * AArch64 layout: `ldr x16, #8; br x16; <8-byte literal>`. The code never changes: only the literal, one
 * aligned 8-byte data store that the `ldr` reads whole (Arm ARM B2.2.1 single-copy atomicity). No
 * instruction is modified, so this is outside the concurrent-modification rules of B2.2.5 entirely.
 */
export const ENTRY_SITE_SIZE = 16;

/**
 * The stores that point one particular site at one particular target, computed once so a swap does no
 * arithmetic: `word` (x64) is the 8-byte jump, `pointer` the 8-byte target for the indirect form and for
 * arm64's literal.
 */
export interface EntryWords {
  readonly target: bigint;
  readonly word: Uint8Array | null;
  readonly pointer: Uint8Array | null;
}

export function entrySiteCode(arch: 'x64' | 'arm64', siteAddress: bigint, target: bigint): Uint8Array {
  if (arch === 'arm64') return new Arm64Writer().ldrLiteral(X16, target).br(X16).finish();
  const bytes = new Uint8Array(ENTRY_SITE_SIZE).fill(0xcc);
  bytes.set(x64EntryWord(siteAddress, target), 0);
  new DataView(bytes.buffer).setBigUint64(8, target, true);
  return bytes;
}

function x64EntryWord(siteAddress: bigint, target: bigint): Uint8Array {
  const word = new Uint8Array(8).fill(0xcc);
  const view = new DataView(word.buffer);
  if (fitsRel32(target, siteAddress + 5n)) {
    word[0] = 0xe9;
    view.setInt32(1, Number(target - (siteAddress + 5n)), true);
  } else {
    word[0] = 0xff; // jmp qword [rip + 2]: the pointer at site+8, 2 bytes past this 6-byte instruction
    word[1] = 0x25;
    view.setInt32(2, 2, true);
  }
  return word;
}

/** The stores `storeEntryWords` makes to point the site at `siteAddress` to `target`. */
export function entryWords(siteAddress: bigint, target: bigint, arch: 'x64' | 'arm64'): EntryWords {
  if (siteAddress % 8n !== 0n) throw new JitkitError('E_PATCH_RANGE', `an entry site must be 8-byte aligned; 0x${siteAddress.toString(16)} is not`);
  const pointer = new Uint8Array(8);
  new DataView(pointer.buffer).setBigUint64(0, target, true);
  if (arch === 'arm64') return { target, word: null, pointer };
  const word = x64EntryWord(siteAddress, target);
  return { target, word, pointer: word[0] === 0xff ? pointer : null };
}

/**
 * Points the site at `words.target` with at most two aligned stores: the pointer first, then the word
 * that reads it, so no thread can take the indirect jump through a stale pointer.
 */
export function storeEntryWords(block: CodeBlock, offset: number, words: EntryWords): void {
  if (words.pointer !== null) block.writeAtomic(offset + 8, words.pointer);
  if (words.word !== null) block.writeAtomic(offset, words.word);
}

/** Points the site at `target` (computing its words; swappable caches them per implementation). */
export function retargetEntrySite(block: CodeBlock, offset: number, target: bigint, arch: 'x64' | 'arm64'): void {
  storeEntryWords(block, offset, entryWords(block.address + BigInt(offset), target, arch));
}

/** Where the site currently jumps (read back from its bytes). */
export function entrySiteTarget(block: CodeBlock, offset: number, arch: 'x64' | 'arm64'): bigint {
  const bytes = block.read(offset, ENTRY_SITE_SIZE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (arch === 'x64' && bytes[0] === 0xe9) return block.address + BigInt(offset) + 5n + BigInt(view.getInt32(1, true));
  return view.getBigUint64(8, true);
}

import { JitkitError } from '../errors.ts';
import type { CodeBlock } from '../memory/index.ts';

/** How a field write reached the code: one aligned store, or the heap's ordinary write ritual. */
export type FieldWrite = 'atomic' | 'ritual';

/**
 * Whether `[offset, offset + length)` of `block` can be replaced by one aligned 8-byte (or 4-byte) store:
 * the field must lie inside one naturally aligned word that itself lies inside the block.
 */
export function containingWord(block: CodeBlock, offset: number, length: number): { offset: number; size: 4 | 8 } | null {
  for (const size of [8, 4] as const) {
    const misalignment = Number((block.address + BigInt(offset)) % BigInt(size));
    const wordOffset = offset - misalignment;
    if (misalignment + length <= size && wordOffset >= 0 && wordOffset + size <= block.size) return { offset: wordOffset, size };
  }
  return null;
}

/**
 * Replaces bytes of live code. When the bytes fit in one aligned word, the whole word is rewritten with
 * one `Atomics.store` (its other bytes unchanged), so a thread fetching the instruction sees the old or the
 * new encoding, never a mix: Intel SDM Vol. 3 §8.1.1 makes aligned 8-byte accesses atomic, and §8.1.3
 * (cross-modifying code) needs the change to be one store followed by a serializing event on the executing
 * cores, which the heap issues (membarrier SYNC_CORE) when it is `sharedWithThreads`. A field that straddles
 * a word boundary can only be written with the ordinary ritual; on a heap shared with threads that could
 * let another thread decode a half-written instruction, so it is refused.
 */
export function writeCodeField(block: CodeBlock, offset: number, bytes: Uint8Array, what: string): FieldWrite {
  const word = containingWord(block, offset, bytes.length);
  if (word === null) {
    if (block.heap.sharedWithThreads) {
      throw new JitkitError(
        'E_UNSUPPORTED',
        `${what} (bytes +${offset}..+${offset + bytes.length}) straddles an aligned 8-byte word, so no single store can change it while other threads run this code; place the instruction so its field sits inside one aligned 8-byte word, or use a heap without sharedWithThreads`,
        { offset, length: bytes.length },
      );
    }
    block.write(offset, bytes);
    return 'ritual';
  }
  const current = block.read(word.offset, word.size);
  current.set(bytes, offset - word.offset);
  block.writeAtomic(word.offset, current);
  return 'atomic';
}

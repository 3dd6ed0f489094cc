import { JitkitError } from '../errors.ts';
import type { CodeChunk } from './code-chunk.ts';
import type { CodeHeap } from './code-heap.ts';

/** A range of code memory owned by one function or stub. */
export class CodeBlock {
  readonly heap: CodeHeap;
  readonly size: number;
  /** Where the CPU runs this code. */
  readonly address: bigint;
  /** Where jitkit writes it: a different address under `dual`, the same otherwise. */
  readonly writableAddress: bigint;
  private readonly chunk: CodeChunk;
  private readonly offset: number;
  private freed = false;

  constructor(heap: CodeHeap, chunk: CodeChunk, offset: number, size: number) {
    this.heap = heap;
    this.chunk = chunk;
    this.offset = offset;
    this.size = size;
    this.address = chunk.executableAddress + BigInt(offset);
    this.writableAddress = chunk.writableAddress + BigInt(offset);
  }

  get isFreed(): boolean {
    return this.freed || this.heap.isDisposed;
  }

  /** The bytes currently in the block, as instruction fetch will see them. */
  read(offset = 0, length = this.size - offset): Uint8Array {
    this.assertLive('read');
    this.checkRange(offset, length);
    return this.chunk.read(this.offset + offset, length);
  }

  /** Writes `bytes` at `offset` inside the block with the heap policy's ritual. */
  write(offset: number, bytes: Uint8Array): void {
    this.assertLive('write');
    this.checkRange(offset, bytes.length);
    this.heap.writeBlock(this.chunk, this.offset + offset, bytes);
  }

  /**
   * Replaces 4 or 8 bytes at `offset` with one aligned store, so a thread executing this code sees either
   * the old or the new bytes, never a mix: the cross-modification rule on both x86-64 (an aligned store
   * that does not cross a cache line) and AArch64 (an aligned 32-bit write of B/BL/NOP/BRK/ISB, or a
   * literal that an `ldr` loads). `offset` must make the address a multiple of the size.
   * Under `wx` the page is not executable during the write, so a heap shared with threads refuses `wx`.
   */
  writeAtomic(offset: number, bytes: Uint8Array): void {
    this.assertLive('write');
    this.checkRange(offset, bytes.length);
    if (bytes.length !== 4 && bytes.length !== 8) {
      throw new JitkitError('E_PATCH_RANGE', `an atomic code write is 4 or 8 bytes; got ${bytes.length}. Use write() for longer changes`);
    }
    if ((this.address + BigInt(offset)) % BigInt(bytes.length) !== 0n) {
      throw new JitkitError(
        'E_PATCH_RANGE',
        `an atomic ${bytes.length}-byte write needs an address that is a multiple of ${bytes.length}; 0x${(this.address + BigInt(offset)).toString(16)} is not`,
      );
    }
    this.heap.writeBlockAtomic(this.chunk, this.offset + offset, bytes);
  }

  free(): void {
    if (this.isFreed) {
      throw new JitkitError('E_DISPOSED', `the code block at 0x${this.address.toString(16)} was already freed`);
    }
    this.freed = true;
    this.heap.freeBlock(this.chunk, this.offset, this.size);
  }

  private checkRange(offset: number, length: number): void {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new JitkitError(
        'E_PATCH_RANGE',
        `bytes [${offset}, ${offset + length}) are outside this ${this.size}-byte code block; offsets run from 0 to ${this.size}`,
        { offset, length, size: this.size },
      );
    }
  }

  private assertLive(action: string): void {
    if (this.isFreed) {
      throw new JitkitError('E_DISPOSED', `cannot ${action} the code block at 0x${this.address.toString(16)}: it was freed`);
    }
  }
}

import type { DualMapping, NativePlatform } from '../native/platform.ts';
import type { ResolvedPolicy } from './policy.ts';
import { fillWithTraps } from './trap-pattern.ts';
import { RangeAllocator } from './range-allocator.ts';

/**
 * One OS mapping (or dual-mapping pair) that many code blocks share, and the write ritual its policy
 * demands. Every byte of it that is not live code holds trap instructions.
 */
export class CodeChunk {
  readonly executableAddress: bigint;
  /** Where jitkit writes: the RW view under `dual`, the same address as `executableAddress` otherwise. */
  readonly writableAddress: bigint;
  readonly size: number;
  readonly allocator: RangeAllocator;
  private readonly platform: NativePlatform;
  private readonly policy: ResolvedPolicy;
  private readonly dual: DualMapping | null;
  /** Under `dual` and `rwx` a permanent writable view; under `wx` a view that may only be written inside `write`. */
  private readonly bytes: Uint8Array;
  private released = false;
  /** Word views over the same memory for single-store writes, made once (not per patch). */
  private readonly words32: Int32Array;
  private readonly words64: BigInt64Array;

  constructor(platform: NativePlatform, policy: ResolvedPolicy, size: number, granule: number, trapPattern: Uint8Array) {
    this.platform = platform;
    this.policy = policy;
    this.size = size;
    this.allocator = new RangeAllocator(size, granule);
    if (policy === 'dual') {
      this.dual = platform.mapDual(size);
      this.executableAddress = this.dual.executable;
      this.writableAddress = this.dual.writable;
    } else {
      this.dual = null;
      // W^X: a new chunk starts writable (not executable) so it can be filled, then becomes RX for good
      // except inside the brief windows of `write`.
      this.executableAddress = platform.map(size, policy === 'rwx' ? 'rwx' : 'rw');
      this.writableAddress = this.executableAddress;
    }
    this.bytes = platform.view(this.writableAddress, size);
    this.words32 = new Int32Array(this.bytes.buffer, this.bytes.byteOffset, size >>> 2);
    this.words64 = new BigInt64Array(this.bytes.buffer, this.bytes.byteOffset, size >>> 3);
    fillWithTraps(this.bytes, 0, size, trapPattern);
    if (policy === 'wx') platform.protect(this.executableAddress, size, 'rx');
    platform.flushInstructionCache(this.executableAddress, size);
  }

  get isReleased(): boolean {
    return this.released;
  }

  contains(address: bigint): boolean {
    return address >= this.executableAddress && address < this.executableAddress + BigInt(this.size);
  }

  /** A copy of `length` bytes at `offset` as the CPU will fetch them. */
  read(offset: number, length: number): Uint8Array {
    return this.bytes.slice(offset, offset + length);
  }

  /**
   * Writes `source` at `offset` and makes it visible to instruction fetch.
   * `wx`: RX → RW for exactly the pages touched, write, RW → RX (restored even if the write throws), flush.
   * `dual`: write through the RW view; the RX view never changes, so threads running here are unaffected.
   * `rwx`: write in place.
   */
  write(offset: number, source: Uint8Array): void {
    this.writeWith(offset, source.length, (target) => target.set(source, offset));
  }

  /**
   * One naturally aligned 4- or 8-byte store (`Atomics.store` compiles to a single aligned move), so
   * concurrent instruction fetch sees the old or the new value whole.
   */
  writeAtomic(offset: number, source: Uint8Array): void {
    // Little-endian hosts only (x86-64, AArch64): assemble the word from the bytes without a DataView.
    const b = source;
    if (b.length === 8) {
      const low = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
      const high = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
      const value = BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low));
      this.writeWith(offset, 8, () => Atomics.store(this.words64, offset >>> 3, value));
    } else {
      const value = b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24);
      this.writeWith(offset, 4, () => Atomics.store(this.words32, offset >>> 2, value));
    }
  }

  /** Fills `[offset, offset+length)` with the trap pattern using the same ritual as `write`. */
  fillTraps(offset: number, length: number, pattern: Uint8Array): void {
    this.writeWith(offset, length, (target) => fillWithTraps(target, offset, offset + length, pattern));
  }

  private writeWith(offset: number, length: number, store: (target: Uint8Array) => void): void {
    if (this.policy === 'wx') {
      const page = this.platform.pageSize;
      const first = Math.floor(offset / page) * page;
      const end = Math.ceil((offset + length) / page) * page;
      const address = this.executableAddress + BigInt(first);
      this.platform.protect(address, end - first, 'rw');
      try {
        store(this.bytes);
      } finally {
        this.platform.protect(address, end - first, 'rx');
      }
    } else {
      store(this.bytes);
    }
    this.platform.flushInstructionCache(this.executableAddress + BigInt(offset), length);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.dual !== null) this.platform.unmapDual(this.dual);
    else this.platform.unmap(this.executableAddress, this.size);
  }
}

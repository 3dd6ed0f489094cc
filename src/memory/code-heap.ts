import { JitkitError } from '../errors.ts';
import { nativePlatform } from '../native/index.ts';
import type { NativePlatform } from '../native/platform.ts';
import { CodeChunk } from './code-chunk.ts';
import { CodeBlock } from './code-block.ts';
import { type CodePolicy, type ResolvedPolicy, isCodePolicy, policiesToProbe, resolvePolicy } from './policy.ts';
import { supportedPolicies } from './policy-probe.ts';
import { TRAP_PATTERNS } from './trap-pattern.ts';

export interface CodeHeapOptions {
  /** How code is made executable; see `CodePolicy`. Default `auto` (dual where allowed, else wx). */
  readonly policy?: CodePolicy;
  /**
   * Whether other threads may execute code from this heap while it is modified. When true, every write
   * ends with a cross-thread core serialization (Linux membarrier SYNC_CORE). Default false.
   */
  readonly sharedWithThreads?: boolean;
  /** Bytes per mapping that small blocks share (rounded up to pages). Default 16 KiB. */
  readonly chunkSize?: number;
  /** The most bytes this heap may map in total. Default 1 GiB. */
  readonly limit?: number;
}

export interface CodeHeapStats {
  readonly policy: ResolvedPolicy;
  readonly chunks: number;
  readonly bytesMapped: number;
  readonly bytesInUse: number;
  readonly blocks: number;
}

/** Allocation granule: functions start on 16-byte boundaries (what compilers align hot code to). */
const GRANULE = 16;
const DEFAULT_CHUNK_SIZE = 16 * 1024;
const DEFAULT_LIMIT = 1024 * 1024 * 1024;

/**
 * A region of code memory handed out in 16-byte granules. Many small functions share a page; freed
 * space is refilled with trap instructions; a mapping that holds no live block goes back to the OS.
 */
export class CodeHeap {
  readonly policy: ResolvedPolicy;
  readonly sharedWithThreads: boolean;
  readonly limit: number;
  private readonly platform: NativePlatform;
  private readonly chunkSize: number;
  private readonly trapPattern: Uint8Array;
  private readonly chunks: CodeChunk[] = [];
  private liveBlocks = 0;
  private disposed = false;

  constructor(options: CodeHeapOptions = {}) {
    const requested = options.policy ?? 'auto';
    if (!isCodePolicy(requested)) {
      throw new JitkitError('E_POLICY_DENIED', `unknown policy '${String(requested)}'; use one of auto, wx, dual, rwx`);
    }
    this.platform = nativePlatform();
    this.policy = resolvePolicy(requested, supportedPolicies(this.platform, policiesToProbe(requested)), this.platform.aliasWritesReachExecution);
    this.sharedWithThreads = options.sharedWithThreads ?? false;
    if (this.sharedWithThreads && this.policy === 'wx') {
      // Under wx a page being written is not executable: another thread running code on it would fault.
      throw new JitkitError(
        'E_POLICY_DENIED',
        "policy 'wx' cannot serve code that other threads run while it changes (the page is not executable during each write); use 'dual'",
      );
    }
    this.limit = options.limit ?? DEFAULT_LIMIT;
    const page = this.platform.pageSize;
    this.chunkSize = Math.ceil((options.chunkSize ?? DEFAULT_CHUNK_SIZE) / page) * page;
    this.trapPattern = TRAP_PATTERNS[this.platform.arch];
  }

  /** The heap that `compile` and the CLI use when none is given, one per policy. */
  static shared(policy: CodePolicy = 'auto'): CodeHeap {
    let heap = sharedHeaps.get(policy);
    if (heap === undefined || heap.disposed) {
      heap = new CodeHeap({ policy });
      sharedHeaps.set(policy, heap);
    }
    return heap;
  }

  get pageSize(): number {
    return this.platform.pageSize;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  stats(): CodeHeapStats {
    let bytesMapped = 0;
    let bytesInUse = 0;
    for (const chunk of this.chunks) {
      bytesMapped += chunk.size;
      bytesInUse += chunk.allocator.bytesInUse;
    }
    return { policy: this.policy, chunks: this.chunks.length, bytesMapped, bytesInUse, blocks: this.liveBlocks };
  }

  /** The address ranges this heap has mapped: each chunk's executable view and, under `dual`, its writable view. */
  mappedRanges(): Array<{ start: bigint; end: bigint; view: 'executable' | 'writable' }> {
    const ranges: Array<{ start: bigint; end: bigint; view: 'executable' | 'writable' }> = [];
    for (const chunk of this.chunks) {
      const size = BigInt(chunk.size);
      ranges.push({ start: chunk.executableAddress, end: chunk.executableAddress + size, view: 'executable' });
      if (chunk.writableAddress !== chunk.executableAddress) {
        ranges.push({ start: chunk.writableAddress, end: chunk.writableAddress + size, view: 'writable' });
      }
    }
    return ranges;
  }

  /** Reserves `size` bytes of code memory (full of traps until written). */
  allocate(size: number, alignment = GRANULE): CodeBlock {
    this.assertLive();
    if (!Number.isInteger(size) || size <= 0) {
      throw new JitkitError('E_SIZE', `cannot allocate ${size} bytes of code; the size must be a whole number of bytes, at least 1`);
    }
    if (size > this.limit) {
      throw new JitkitError('E_SIZE', `${size} bytes exceeds this heap's limit of ${this.limit} bytes; create a CodeHeap with a larger 'limit'`);
    }
    if (!Number.isInteger(alignment) || alignment < 1 || (alignment & (alignment - 1)) !== 0 || alignment > this.platform.pageSize) {
      throw new JitkitError('E_SIZE', `alignment ${alignment} must be a power of two no larger than the page size (${this.platform.pageSize})`);
    }
    const align = Math.max(alignment, GRANULE);
    for (const chunk of this.chunks) {
      const offset = chunk.allocator.allocate(size, align);
      if (offset >= 0) return this.blockIn(chunk, offset, size);
    }
    const page = this.platform.pageSize;
    const chunkSize = Math.max(this.chunkSize, Math.ceil(size / page) * page);
    if (this.stats().bytesMapped + chunkSize > this.limit) {
      throw new JitkitError('E_SIZE', `allocating ${size} bytes would map more than this heap's limit of ${this.limit} bytes; free code or raise 'limit'`);
    }
    const chunk = new CodeChunk(this.platform, this.policy, chunkSize, GRANULE, this.trapPattern);
    this.chunks.push(chunk);
    const offset = chunk.allocator.allocate(size, align);
    return this.blockIn(chunk, offset, size);
  }

  /** Allocates, writes and publishes `code` in one step. */
  load(code: Uint8Array, alignment = GRANULE): CodeBlock {
    if (code.length === 0) {
      throw new JitkitError('E_SIZE', 'there is no code to load (0 bytes); pass at least one instruction, e.g. c3 (ret)');
    }
    const block = this.allocate(code.length, alignment);
    block.write(0, code);
    return block;
  }

  /** Unmaps everything. Blocks of this heap become unusable (E_DISPOSED). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const chunk of this.chunks) chunk.release();
    this.chunks.length = 0;
    this.liveBlocks = 0;
  }

  /** @internal Called by CodeBlock. */
  writeBlock(chunk: CodeChunk, offset: number, bytes: Uint8Array): void {
    this.assertLive();
    chunk.write(offset, bytes);
    if (this.sharedWithThreads) this.platform.serializeOtherThreads();
  }

  /** @internal Called by CodeBlock. */
  writeBlockAtomic(chunk: CodeChunk, offset: number, bytes: Uint8Array): void {
    this.assertLive();
    chunk.writeAtomic(offset, bytes);
    if (this.sharedWithThreads) this.platform.serializeOtherThreads();
  }

  /** @internal Called by CodeBlock. */
  serializeOtherThreads(): boolean {
    return this.platform.serializeOtherThreads();
  }

  /** @internal Called by CodeBlock: traps over the block, and the whole mapping back to the OS when empty. */
  freeBlock(chunk: CodeChunk, offset: number, size: number): void {
    if (this.disposed) return;
    chunk.allocator.free(offset, size);
    this.liveBlocks--;
    if (chunk.allocator.isEmpty) {
      // Unmapped memory faults on any access, which protects stale pointers as well as traps would.
      chunk.release();
      this.chunks.splice(this.chunks.indexOf(chunk), 1);
      return;
    }
    chunk.fillTraps(offset, chunk.allocator.roundSize(size), this.trapPattern);
    if (this.sharedWithThreads) this.platform.serializeOtherThreads();
  }

  private blockIn(chunk: CodeChunk, offset: number, size: number): CodeBlock {
    this.liveBlocks++;
    return new CodeBlock(this, chunk, offset, size);
  }

  private assertLive(): void {
    if (this.disposed) throw new JitkitError('E_DISPOSED', 'this CodeHeap was disposed; create a new CodeHeap');
  }
}

const sharedHeaps = new Map<CodePolicy, CodeHeap>();

import { JitkitError } from '../errors.ts';
import { nativeFunction, type FunctionOf, type NativeFunction, type Signature } from '../call/index.ts';
import { CodeHeap, type CodeBlock, type CodePolicy } from '../memory/index.ts';
import { ENTRY_SITE_SIZE, entrySiteCode, entrySiteTarget, entryWords, storeEntryWords, type EntryWords } from './entry-site.ts';
import { hostArch } from './host.ts';
import { assertSameSignature } from './signature-match.ts';

/** Native code a swappable entry can point at: anything with an address and a signature (a `NativeFunction`). */
export interface Implementation {
  readonly address: bigint;
  readonly signature: Signature | string;
  dispose?(): void;
}

export interface SwappableOptions {
  /**
   * Where the entry site lives. For callers on other threads pass a heap created with
   * `sharedWithThreads: true` (policy `dual`): every swap is then followed by membarrier SYNC_CORE.
   * Default: the process-wide heap of `policy`.
   */
  readonly heap?: CodeHeap;
  readonly policy?: CodePolicy;
  readonly name?: string;
  /**
   * When true, `releaseRetired()` and `dispose()` call `dispose()` on implementations that were swapped
   * out (frees their code). Default false: the caller keeps ownership of every implementation.
   */
  readonly disposeRetired?: boolean;
}

/** An implementation that was swapped out, kept mapped until the caller declares the grace period over. */
export interface RetiredVersion {
  readonly implementation: Implementation;
  /** The swap number that retired it (1 for the first swap). */
  readonly generation: number;
}

export type Swappable<F extends (...args: never[]) => unknown> = NativeFunction<F> & {
  /** The stable entry (same as `address`): native callers may keep this pointer forever. */
  readonly entry: bigint;
  readonly current: Implementation;
  /** The code memory of the 16-byte entry site (read it to see the jump the CPU will take). */
  readonly block: CodeBlock;
  /** How many swaps have happened. */
  readonly generation: number;
  readonly retired: readonly RetiredVersion[];
  /** Redirects the entry to `next` with one atomic store; returns the implementation it replaced. */
  swap(next: Implementation): Implementation;
  /**
   * Ends the grace period of every retired version: call it only when no thread can still be inside one
   * (every thread that might have entered before the last swap has since returned, e.g. each worker has
   * acknowledged a message sent after the swap). Disposes them when `disposeRetired` was set; returns
   * how many were released.
   */
  releaseRetired(): number;
};

/**
 * A function with a stable entry address whose implementation can be replaced while callers (JS through
 * this object, or native code holding `entry`) keep calling it.
 *
 * Synchronization: the redirect is one aligned store into the 16-byte entry site (see entry-site.ts), so
 * a caller on any thread runs either the old or the new implementation, never a torn jump. On a heap
 * with `sharedWithThreads` (policy `dual`), the store is followed by membarrier SYNC_CORE so no core keeps
 * a stale decoded copy of the site (Intel SDM Vol. 3 §8.1.3). Under `wx` the site page is briefly not
 * executable, so swapping under `wx` is safe only while no other thread calls through the entry.
 *
 * Grace period: a thread may have jumped into the old implementation just before the swap and still be
 * running it; jitkit cannot see native threads' positions, so retired versions stay mapped (and are
 * never rewritten) until the caller calls `releaseRetired()` at a point it knows no thread is inside them.
 */
export function swappable<S extends string>(signature: S, initial: Implementation, options: SwappableOptions = {}): Swappable<FunctionOf<S>> {
  assertSameSignature(signature, initial.signature, 'the initial implementation');
  const arch = hostArch();
  const heap = options.heap ?? CodeHeap.shared(options.policy ?? 'auto');
  const block: CodeBlock = heap.allocate(ENTRY_SITE_SIZE, 16);
  let current = initial;
  let generation = 0;
  const retired: RetiredVersion[] = [];
  // The stores for each implementation this site has pointed at, computed on its first swap: a swap back
  // and forth then costs the store(s) and nothing else (no BigInt arithmetic, no allocation).
  const words = new WeakMap<Implementation, EntryWords>();
  try {
    block.write(0, entrySiteCode(arch, block.address, initial.address));
  } catch (error) {
    block.free();
    throw error;
  }
  const releaseRetired = (): number => {
    const released = retired.splice(0, retired.length);
    if (options.disposeRetired === true) {
      // A version swapped back in is live again; one retired twice is disposed once.
      const seen = new Set<Implementation>([current]);
      for (const version of released) {
        if (seen.has(version.implementation)) continue;
        seen.add(version.implementation);
        version.implementation.dispose?.();
      }
    }
    return released.length;
  };
  const fn = nativeFunction(block.address, signature, {
    size: ENTRY_SITE_SIZE,
    name: options.name ?? `swappable entry at 0x${block.address.toString(16)}`,
    onDispose: () => {
      block.free();
      releaseRetired();
      if (options.disposeRetired === true) current.dispose?.();
    },
  });
  const swap = (next: Implementation): Implementation => {
    if (fn.isDisposed) throw new JitkitError('E_DISPOSED', 'this swappable function was disposed; create a new one');
    assertSameSignature(signature, next.signature, 'the new implementation');
    let stores = words.get(next);
    if (stores === undefined || stores.target !== next.address) {
      if (typeof next.address !== 'bigint' || next.address <= 0n) {
        throw new JitkitError('E_ARGUMENTS', `an implementation needs a non-zero bigint address, got ${String(next.address)}`);
      }
      stores = entryWords(block.address, next.address, arch);
      words.set(next, stores);
    }
    storeEntryWords(block, 0, stores);
    const previous = current;
    current = next;
    generation++;
    if (previous !== next) retired.push({ implementation: previous, generation });
    return previous;
  };
  Object.defineProperties(fn, {
    entry: { value: block.address, enumerable: true },
    block: { value: block, enumerable: true },
    current: { get: () => current, enumerable: true },
    generation: { get: () => generation, enumerable: true },
    retired: { get: () => retired.slice(), enumerable: true },
    swap: { value: swap },
    releaseRetired: { value: releaseRetired },
    target: { get: () => entrySiteTarget(block, 0, arch) },
  });
  return fn as Swappable<FunctionOf<S>>;
}

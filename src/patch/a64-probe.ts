import { JitkitError } from '../errors.ts';
import { addressOf, callback, nativeView, type JsCallback } from '../call/index.ts';
import { hostCpuFeatures } from '../memory/index.ts';
import { a64ProbeStub } from './a64-probe-stub.ts';
import { assertConcurrentPatchAllowed, a64SiteAt } from './a64-site.ts';
import { branchWord } from './arm64-writer.ts';
import { claimSite, releaseSite } from './patched-sites.ts';
import type { Probe, ProbeTarget } from './probe.ts';
import { readA64Record, type A64RegisterState } from './register-state.ts';

const STUB_SIZE = 1024;
const B_REACH = 1n << 27n;

const wordBytes = (word: number): Uint8Array => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, word >>> 0, true);
  return bytes;
};

/**
 * The AArch64 probe: the instruction at `offset` becomes `b stub` — one aligned 4-byte store through the code
 * heap, whose write ritual cleans and invalidates the caches for the line (dc cvau / ic ivau / dsb / isb, or
 * the heap's platform flush) — and the stub (a64-probe-stub.ts) counts, optionally calls JS, runs the
 * relocated instruction and branches back. The stub is placed in the function's own heap and must be within
 * the ±128 MiB of a direct `b` (E_PATCH_RANGE otherwise, nothing changed).
 *
 * Threads: on a heap `sharedWithThreads` the original instruction must itself be B, BL, NOP, ISB or SVC
 * (Arm ARM B2.2.5; a64-site.ts), else E_UNSUPPORTED. Without `sharedWithThreads` the caller promises that no
 * other thread runs the code while it changes.
 */
export function a64Probe(target: ProbeTarget, offset: number, onHit?: (registers: A64RegisterState) => void): Probe {
  const block = target.block;
  const site = a64SiteAt(block, offset);
  assertConcurrentPatchAllowed(block, site, 'a probe');
  claimSite(block, offset, 'probe');
  const counter = new BigInt64Array(new SharedArrayBuffer(8));
  const counterAddress = addressOf(counter);
  let js: JsCallback | null = null;
  let stub: ReturnType<typeof block.heap.allocate> | null = null;
  let displaced: string;
  try {
    stub = block.heap.allocate(STUB_SIZE, 16);
    const distance = stub.address - site.address;
    if (distance < -B_REACH || distance >= B_REACH) {
      throw new JitkitError(
        'E_PATCH_RANGE',
        `the probe stub landed at 0x${stub.address.toString(16)}, ${distance} bytes from +${offset}: beyond the ±128 MiB a single 'b' reaches. Give the function a heap with room near it`,
      );
    }
    if (onHit !== undefined) {
      js = callback((frame: bigint | number) => onHit(readFrame(BigInt(frame))), 'void (void *)');
    }
    const { code, relocation } = a64ProbeStub({
      address: stub.address,
      word: site.word,
      site: site.address,
      counter: counterAddress,
      callback: js?.address ?? null,
      lse: hostCpuFeatures().includes('atomics'),
    });
    displaced = relocation.text;
    if (code.length > stub.size) throw new JitkitError('E_SIZE', `the probe stub needs ${code.length} bytes`);
    stub.write(0, code);
    // The stub is complete and flushed before the branch to it can be fetched.
    block.writeAtomic(offset, wordBytes(branchWord(Number(distance))));
  } catch (error) {
    stub?.free();
    js?.dispose();
    releaseSite(block, offset);
    throw error;
  }
  const original = wordBytes(site.word);
  const stubBlock = stub;

  let removed = false;
  let stubReleased = false;
  return {
    address: site.address,
    offset,
    displaced: [displaced],
    get hits() {
      return Atomics.load(counter, 0);
    },
    counterAddress,
    stubAddress: stubBlock.address,
    stub: stubBlock,
    get isRemoved() {
      return removed;
    },
    remove() {
      if (removed) throw new JitkitError('E_DISPOSED', `the probe at +${offset} was already removed`);
      block.writeAtomic(offset, original);
      removed = true;
      releaseSite(block, offset);
    },
    releaseStub() {
      if (!removed) throw new JitkitError('E_PATCH_RANGE', `the probe at +${offset} is still attached; remove() it before releasing its stub`);
      if (stubReleased) return;
      stubReleased = true;
      stubBlock.free();
      js?.dispose();
    },
  };
}

/** The stub's frame: x0..x30, sp, pc, nzcv from its lowest address (a64-probe-stub.ts). */
function readFrame(frame: bigint): A64RegisterState {
  const view = new DataView(nativeView(frame, 34 * 8));
  return readA64Record((index) => view.getBigUint64(index * 8, true));
}

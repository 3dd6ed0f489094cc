import { JitkitError } from '../errors.ts';
import { nativeFunction, type FunctionOf, type NativeFunction } from '../call/index.ts';
import { CodeHeap, type CodeBlock, type CodePolicy } from '../memory/index.ts';
import { entrySiteCode } from './entry-site.ts';
import { A64_ONCE_STATE, a64OnceImage } from './a64-once.ts';
import { hostArch } from './host.ts';
import { assertSameSignature } from './signature-match.ts';
import type { Implementation } from './swappable.ts';
import { RAX, RBX, RCX, RDI, RDX, RSI, R8, R9, R11, RSP, X64Writer } from './x64-writer.ts';

export interface OnceOptions {
  /** Default: the process-wide heap of `policy` (`auto`). `wx` is refused: see `once`. */
  readonly heap?: CodeHeap;
  readonly policy?: CodePolicy;
  readonly name?: string;
}

export type OnceFunction<F extends (...args: never[]) => unknown> = NativeFunction<F> & {
  /** Whether the body has run (read from the block's state word). */
  readonly fired: boolean;
  /** The code memory of the block (entry word, state word, first-call path). */
  readonly block: CodeBlock;
};

const ENTRY = 0; // the 8-byte word callers jump into
const POINTER = 8; // `then`, for the indirect form of the rewritten entry
const STATE = A64_ONCE_STATE; // 0 = never run, 1 = running, 2 = done (the same offset in both blocks)
const CODE = 32;
const XMM_AREA = 136; // xmm0-7 (128 bytes) + 8 so rsp is 16-byte aligned at the call

/**
 * Execute-once: a function whose first call runs `body` (a `void (void)` native function) and then
 * `then` with the caller's arguments; the first call's code itself rewrites the entry so that every later
 * call jumps straight to `then` — the body is skipped forever, and a call costs one extra direct jump.
 *
 * How the code rewrites itself: the new entry word (`jmp then`; A64 `b then`) is computed when the block
 * is built and stored with one aligned store (x86-64: an 8-byte `mov`; A64: a 4-byte `stlr`) through the
 * block's writable address — the RW alias under `dual`,
 * the same address under `rwx`. Under `wx` no writable address exists while the code runs, so `once`
 * refuses it (E_POLICY_DENIED).
 *
 * Synchronization (x86-64): the caller that wins a `lock cmpxchg` on the state word runs the body; any
 * thread that arrives meanwhile (or later, through a stale decoded copy of the old entry) finds the state
 * taken, waits for `done`, and continues to `then`, so the body runs exactly once. The writing thread needs
 * no serializing instruction: x86 invalidates prefetched instructions on a store to their physical address
 * (Intel SDM Vol. 3 §11.6), through either mapping. Other threads need none either, because the old entry
 * stays correct (it leads to the state check) — the cross-modifying protocol of §8.1.3 only matters when
 * stale code would be wrong.
 *
 * AArch64: the same state machine with `ldaxr`/`stxr`, the entry rewritten from `b first` to `b then` (a B
 * replacing a B: allowed while other cores execute it, Arm ARM B2.2.5), followed by the cache ritual run
 * by the generated code itself; see a64-once.ts.
 *
 * The body must not call this function again (it would wait for itself forever).
 */
export function once<S extends string>(signature: S, body: { readonly address: bigint }, then: Implementation, options: OnceOptions = {}): OnceFunction<FunctionOf<S>> {
  assertSameSignature(signature, then.signature, "the 'then' function");
  const arch = hostArch();
  const heap = options.heap ?? CodeHeap.shared(options.policy ?? 'auto');
  if (heap.policy === 'wx') {
    throw new JitkitError(
      'E_POLICY_DENIED',
      "an execute-once block rewrites its own entry while it runs, and under 'wx' the code has no writable address at that moment; use a 'dual' heap (writes through the RW alias) or 'rwx' by name",
    );
  }
  const block = heap.allocate(256, 16);
  try {
    const image =
      arch === 'x64'
        ? x64OnceImage(block, body.address, then.address)
        : a64OnceImage({ address: block.address, writableAddress: block.writableAddress, body: body.address, then: then.address });
    if (image.length > block.size) throw new JitkitError('E_SIZE', `execute-once stub needs ${image.length} bytes`);
    block.write(0, image);
  } catch (error) {
    block.free();
    throw error;
  }
  const fn = nativeFunction(block.address, signature, {
    size: block.size,
    name: options.name ?? `execute-once block at 0x${block.address.toString(16)}`,
    onDispose: () => block.free(),
  });
  Object.defineProperty(fn, 'fired', { get: () => !block.isFreed && new DataView(block.read(STATE, 4).buffer).getUint32(0, true) === 2, enumerable: true });
  Object.defineProperty(fn, 'block', { value: block, enumerable: true });
  return fn as OnceFunction<FunctionOf<S>>;
}

/** The x86-64 block: `jmp first` at ENTRY, `then` at POINTER, the state word, the first-call path at CODE. */
function x64OnceImage(block: CodeBlock, body: bigint, then: bigint): Uint8Array {
  const code = new X64Writer();
  const entryWord = entrySiteCode('x64', block.address + BigInt(ENTRY), then).subarray(0, 8);
  const newEntry = new DataView(entryWord.buffer, entryWord.byteOffset, 8).getBigUint64(0, true);
  // Preserve every argument register (integer and vector) across the body: it is a plain C call.
  const saved = [RDI, RSI, RDX, RCX, R8, R9, RAX, RBX];
  for (const reg of saved) code.push(reg);
  code.subImm32(RSP, XMM_AREA);
  for (let xmm = 0; xmm < 8; xmm++) code.storeXmm(RSP, xmm * 16, xmm);
  code.movImm64(RBX, block.writableAddress);
  code.zero(RAX).movImm32(RCX, 1).lockCompareExchange32(RBX, STATE, RCX).jcc('ne', 'wait');
  code.movImm64(RAX, body).callRegister(RAX);
  code.storeImm32(RBX, STATE, 2);
  // The self-modification: one aligned 8-byte store of `jmp then` over the entry, through the writable address.
  code.movImm64(RAX, newEntry).store(RBX, ENTRY, RAX);
  code.jmp('done');
  code.label('wait').pause().compareDwordImm8(RBX, STATE, 2).jcc('ne', 'wait');
  code.label('done');
  for (let xmm = 0; xmm < 8; xmm++) code.loadXmm(xmm, RSP, xmm * 16);
  code.lea(RSP, RSP, XMM_AREA);
  for (const reg of [...saved].reverse()) code.pop(reg);
  code.movImm64(R11, then).jmpRegister(R11); // r11: scratch in the SysV ABI, never an argument
  const image = new Uint8Array(CODE + code.offset).fill(0xcc);
  const header = new DataView(image.buffer);
  image[ENTRY] = 0xe9; // jmp rel32 to the first-call path
  header.setInt32(ENTRY + 1, CODE - (ENTRY + 5), true);
  header.setBigUint64(POINTER, then, true);
  header.setUint32(STATE, 0, true);
  image.set(code.finish(), CODE);
  return image;
}

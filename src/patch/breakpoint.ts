import { JitkitError } from '../errors.ts';
import { addressOf } from '../call/index.ts';
import { CodeHeap, SIGTRAP, UCONTEXT_LAYOUT, installSignalHandler, signalAction, type CodeBlock } from '../memory/index.ts';
import { writeCodeField } from './code-field.ts';
import { hostArch } from './host.ts';
import type { ProbeTarget, RegisterState } from './probe.ts';
import { decodeX64, instructionAt } from './x64-decode.ts';
import { relocateX64 } from './x64-relocate.ts';
import { RECORD, x64TrapHandler } from './x64-trap-handler.ts';
import { X64Writer } from './x64-writer.ts';

export interface Breakpoint {
  /** Where the trap byte is. */
  readonly address: bigint;
  readonly offset: number;
  /** The instruction the trap replaced (it runs out of line on every hit). */
  readonly displaced: string;
  /** Hits so far, counted by the signal handler in native memory. */
  readonly hits: bigint;
  /** The general registers at the most recent hit (any thread), or null before the first. */
  readonly registers: RegisterState | null;
  /** Where a hit resumes: the relocated copy of the displaced instruction, then a jump back. */
  readonly resumeAddress: bigint;
  /** The code memory of that copy. */
  readonly outOfLine: CodeBlock;
  readonly isRemoved: boolean;
  /** Restores the original byte (E_DISPOSED when already removed). The handler still recognizes late traps. */
  remove(): void;
  /** After `remove()`: frees the out-of-line copy and the table record; call only when no thread can still be trapping here. */
  release(): void;
}

const CAPACITY = 256;
const STRIDE = 320; // 3 header words + up to 34 saved registers (arm64), rounded up
const WORDS = STRIDE / 8;

interface TrapTable {
  readonly words: BigInt64Array;
  /** Keeps the handler's code mapped for the life of the process: a signal can arrive at any time. */
  readonly handler: CodeBlock;
}

let table: TrapTable | null = null;
const reserved = new Set<number>();
const onSite = new Map<bigint, Breakpoint>();

/**
 * Installs the process-wide SIGTRAP handler on first use. It is generated machine code (x64-trap-handler.ts)
 * in a heap jitkit never disposes, and it is never uninstalled: a trap raised by another thread just
 * before an uninstall would otherwise meet the default action (process death).
 */
function trapTable(): TrapTable {
  if (table !== null) return table;
  const words = new BigInt64Array(new SharedArrayBuffer(CAPACITY * STRIDE + 32));
  const base = addressOf(words);
  const heap = new CodeHeap({ policy: 'auto' });
  const handler = heap.allocate(256, 16);
  const layout = UCONTEXT_LAYOUT.x64;
  try {
    // The handler is complete before the kernel can call it: the action to chain to is read first, the
    // code written, and only then installed (JS runs this on one thread, so nothing installs in between).
    const previous = signalAction(SIGTRAP);
    const code = x64TrapHandler({ table: base, capacity: CAPACITY, stride: STRIDE, layout, signal: SIGTRAP, defaultAction: base + BigInt(CAPACITY * STRIDE), previous });
    if (code.length > handler.size) throw new JitkitError('E_SIZE', `the SIGTRAP handler needs ${code.length} bytes`);
    handler.write(0, code);
    installSignalHandler(SIGTRAP, handler.address);
  } catch (error) {
    handler.free();
    throw error;
  }
  table = { words, handler };
  return table;
}

/**
 * A software breakpoint: the first byte of the instruction at `offset` becomes `int3` (0xCC). When any
 * thread reaches it, the CPU raises #BP, the kernel delivers SIGTRAP, and jitkit's handler (generated
 * machine code, not JS) counts the hit, records the registers, and resumes the thread at an out-of-line
 * copy of the displaced instruction (relocated like a probe's) followed by a jump back to the next one.
 *
 * Synchronization: the change is one byte, written as one aligned word store (code-field.ts), so a thread
 * fetching the instruction decodes either the old instruction or `int3` followed by its old tail bytes —
 * never a mix that matters, since `int3` is one byte and traps before anything after it is decoded (the
 * scheme Linux's text_poke uses for live kernel code). On a heap `sharedWithThreads`, membarrier SYNC_CORE
 * follows. The record the handler looks up is published (Atomics.store) before the byte changes.
 *
 * Cost: every hit is a kernel round trip (trap, signal frame, sigreturn) — microseconds, not the
 * nanoseconds of a probe; use a probe where the instruction allows one.
 *
 * x86-64 only: AArch64 would need the displaced instruction relocated for arm64 (adr/adrp, literal loads,
 * branches), which jitkit does not implement yet (E_UNSUPPORTED).
 */
export function breakpoint(target: ProbeTarget, offset: number): Breakpoint {
  if (hostArch() !== 'x64') {
    throw new JitkitError('E_UNSUPPORTED', 'breakpoints are implemented for x86-64 only so far: an AArch64 breakpoint (brk) needs an arm64 instruction relocator for the out-of-line copy, which jitkit does not have yet');
  }
  const block = target.block;
  const code = block.read();
  const instruction = instructionAt(decodeX64(code, block.address), offset, code.length);
  const address = block.address + BigInt(offset);
  if (instruction.invalid || instruction.bytes[0] === 0xcc) {
    throw new JitkitError('E_UNRELOCATABLE', `'${instruction.text}' at +${offset} cannot take a breakpoint (${instruction.invalid ? 'it does not decode' : 'it is already a trap'})`);
  }
  if (onSite.has(address)) throw new JitkitError('E_PATCH_RANGE', `there is already a breakpoint at +${offset}; remove it first`);
  const traps = trapTable();
  const slot = Array.from({ length: CAPACITY }, (_, i) => i).find((i) => !reserved.has(i));
  if (slot === undefined) throw new JitkitError('E_SIZE', `at most ${CAPACITY} breakpoints can exist at once; release() removed ones`);

  const copy = block.heap.allocate(64, 16);
  try {
    const relocated = relocateX64(instruction.bytes, address, copy.address);
    const writer = new X64Writer().raw(relocated);
    writer.jmpTo(address + BigInt(instruction.length), copy.address);
    copy.write(0, writer.finish());
  } catch (error) {
    copy.free();
    throw error;
  }
  const record = slot * WORDS;
  const words = traps.words;
  words.fill(0n, record, record + WORDS);
  Atomics.store(words, record + RECORD.resume / 8, copy.address);
  // The handler compares with RIP after the one-byte int3.
  Atomics.store(words, record + RECORD.trapPc / 8, address + 1n);
  reserved.add(slot);
  const original = code.slice(offset, offset + 1);
  try {
    writeCodeField(block, offset, Uint8Array.of(0xcc), `the breakpoint at +${offset}`);
  } catch (error) {
    Atomics.store(words, record + RECORD.trapPc / 8, 0n);
    reserved.delete(slot);
    copy.free();
    throw error;
  }

  let removed = false;
  let released = false;
  const names = UCONTEXT_LAYOUT.x64.names;
  const bp: Breakpoint = {
    address,
    offset,
    displaced: instruction.text,
    resumeAddress: copy.address,
    outOfLine: copy,
    get hits() {
      return released ? 0n : BigInt.asUintN(64, Atomics.load(words, record + RECORD.hits / 8));
    },
    get registers() {
      if (released || Atomics.load(words, record + RECORD.hits / 8) === 0n) return null;
      const values: Record<string, bigint> = {};
      names.forEach((name, index) => (values[name] = BigInt.asUintN(64, words[record + RECORD.registers / 8 + index]!)));
      values['rip'] = address; // the kernel reports RIP past the trap byte; the instruction starts here
      return values as unknown as RegisterState;
    },
    get isRemoved() {
      return removed;
    },
    remove() {
      if (removed) throw new JitkitError('E_DISPOSED', `the breakpoint at +${offset} was already removed`);
      writeCodeField(block, offset, original, `the breakpoint at +${offset}`);
      removed = true;
      onSite.delete(address);
    },
    release() {
      if (!removed) throw new JitkitError('E_PATCH_RANGE', `the breakpoint at +${offset} is still set; remove() it before releasing it`);
      if (released) return;
      released = true;
      Atomics.store(words, record + RECORD.trapPc / 8, 0n);
      reserved.delete(slot);
      copy.free();
    },
  };
  onSite.set(address, bp);
  return bp;
}

import { JitkitError } from '../errors.ts';
import { UCONTEXT_LAYOUT, type CodeBlock } from '../memory/index.ts';
import { a64Breakpoint } from './a64-breakpoint.ts';
import { writeCodeField } from './code-field.ts';
import { hostArch } from './host.ts';
import type { ProbeTarget } from './probe.ts';
import type { AnyRegisterState, RegisterState } from './register-state.ts';
import { reserveTrapRecord } from './trap-table.ts';
import { decodeX64, instructionAt } from './x64-decode.ts';
import { relocateX64 } from './x64-relocate.ts';
import { X64Writer } from './x64-writer.ts';

export { installedTrapHandler } from './trap-table.ts';

export interface Breakpoint<R extends AnyRegisterState = RegisterState> {
  /** Where the trap (x86-64 `int3` byte, AArch64 `brk` word) is. */
  readonly address: bigint;
  readonly offset: number;
  /** The instruction the trap replaced (it runs out of line on every hit). */
  readonly displaced: string;
  /** Hits so far, counted by the signal handler in native memory. */
  readonly hits: bigint;
  /** The general registers at the most recent hit (any thread), or null before the first. */
  readonly registers: R | null;
  /** Where a hit resumes: the relocated copy of the displaced instruction, then a jump back. */
  readonly resumeAddress: bigint;
  /** The code memory of that copy. */
  readonly outOfLine: CodeBlock;
  readonly isRemoved: boolean;
  /** Restores the original byte / word (E_DISPOSED when already removed). The handler still recognizes late traps. */
  remove(): void;
  /** After `remove()`: frees the out-of-line copy and the table record; call only when no thread can still be trapping here. */
  release(): void;
}

const onSite = new Map<bigint, Breakpoint>();

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
 * AArch64 (a64-breakpoint.ts): the word becomes `brk #0x6a6b`, the handler is A64 code matching the saved
 * PC itself, and the out-of-line copy is the instruction relocated by a64-relocate.ts; `registers` is then
 * an `A64RegisterState` (`breakpoint<A64RegisterState>(…)`).
 */
export function breakpoint<R extends AnyRegisterState = RegisterState>(target: ProbeTarget, offset: number): Breakpoint<R> {
  if (hostArch() === 'arm64') return a64Breakpoint(target, offset) as unknown as Breakpoint<R>;
  return x64Breakpoint(target, offset) as unknown as Breakpoint<R>;
}

function x64Breakpoint(target: ProbeTarget, offset: number): Breakpoint {
  const block = target.block;
  const code = block.read();
  const instruction = instructionAt(decodeX64(code, block.address), offset, code.length);
  const address = block.address + BigInt(offset);
  if (instruction.invalid || instruction.bytes[0] === 0xcc) {
    throw new JitkitError('E_UNRELOCATABLE', `'${instruction.text}' at +${offset} cannot take a breakpoint (${instruction.invalid ? 'it does not decode' : 'it is already a trap'})`);
  }
  if (onSite.has(address)) throw new JitkitError('E_PATCH_RANGE', `there is already a breakpoint at +${offset}; remove it first`);

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
  let record: ReturnType<typeof reserveTrapRecord>;
  try {
    // The handler compares with RIP after the one-byte int3.
    record = reserveTrapRecord(address + 1n, copy.address);
  } catch (error) {
    copy.free();
    throw error;
  }
  const original = code.slice(offset, offset + 1);
  try {
    writeCodeField(block, offset, Uint8Array.of(0xcc), `the breakpoint at +${offset}`);
  } catch (error) {
    record.release();
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
      return record.hits;
    },
    get registers() {
      const words = record.registers(names.length);
      if (words === null) return null;
      const values: Record<string, bigint> = {};
      names.forEach((name, index) => (values[name] = words[index]!));
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
      record.release();
      copy.free();
    },
  };
  onSite.set(address, bp);
  return bp;
}

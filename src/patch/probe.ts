import { JitkitError } from '../errors.ts';
import type { CodeBlock } from '../memory/index.ts';
import { addressOf, callback, nativeView, type JsCallback } from '../call/index.ts';
import { hostArch } from './host.ts';
import { decodeX64, instructionAt, type DecodedInstruction } from './x64-decode.ts';
import { relocateX64 } from './x64-relocate.ts';
import { writeCodeField } from './code-field.ts';
import { a64Probe } from './a64-probe.ts';
import type { A64RegisterState, AnyRegisterState, RegisterState } from './register-state.ts';

export type { A64RegisterState, AnyRegisterState, RegisterState } from './register-state.ts';
import {
  RAX, RBX, RCX, RDX, RBP, RSI, RDI, RSP, R8, R9, R10, R11, R12, R13, R14, R15, X64Writer, rel32,
} from './x64-writer.ts';

export interface Probe {
  /** Where the probed instruction is. */
  readonly address: bigint;
  readonly offset: number;
  /** The instructions moved out of line, as text. */
  readonly displaced: readonly string[];
  /** Hits so far, read from the native counter the stub increments. */
  readonly hits: bigint;
  /** Address of that 8-byte counter (for native readers). */
  readonly counterAddress: bigint;
  readonly stubAddress: bigint;
  /** The stub's code memory (count, optional JS call, displaced instructions, jump back). */
  readonly stub: CodeBlock;
  readonly isRemoved: boolean;
  /** Restores the original bytes (E_DISPOSED when already removed). The stub stays mapped: see `releaseStub`. */
  remove(): void;
  /** Frees the stub after `remove()`; call only when no thread can still be inside it. */
  releaseStub(): void;
}

/** A function a probe can be attached to: compiled code with its block. */
export interface ProbeTarget {
  readonly block: CodeBlock;
}

const JUMP_SIZE = 5;
const RED_ZONE = 128;
/** Push order of the saved-register frame; the frame lists them from the lowest address up (reverse). */
const PUSHED = [RCX, RDX, RBX, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15];
const FRAME_NAMES = ['r15', 'r14', 'r13', 'r12', 'r11', 'r10', 'r9', 'r8', 'rdi', 'rsi', 'rbp', 'rbx', 'rdx', 'rcx', 'rax', 'rflags'] as const;

const active = new WeakMap<CodeBlock, Array<{ start: number; end: number }>>();

/**
 * Instruments the instruction at `offset` of `target`: its first 5 bytes (and whole instructions up to
 * them) are replaced by a `jmp` to a stub that counts the hit with `lock inc` on a native counter,
 * optionally calls `onHit` with the register state, runs the displaced instructions relocated to the
 * stub (iced's BlockEncoder fixes rip-relative operands and relative branches), and jumps back.
 *
 * The stub saves what it touches: it first steps over the 128-byte red zone below rsp (SysV ABI §3.2.2,
 * which a leaf function may be using), and saves flags, general registers and the x87/SSE state
 * (`fxsave`) around the JS call. AVX upper halves and AVX-512 state are not saved: a JS callback could
 * clobber them (the counting path touches none).
 *
 * Thread safety: the patch is one aligned store when the jump fits in one aligned 8-byte word and
 * replaces a single instruction (no thread can be stopped between two displaced instructions then); on a
 * heap `sharedWithThreads` anything else is refused (E_UNSUPPORTED; a breakpoint changes one byte).
 * `onHit` runs on the JS main thread only: koffi queues calls from other threads to the event loop.
 *
 * AArch64 (a64-probe.ts): the instruction at `offset` (an aligned 4-byte word) becomes one `b` to the stub;
 * the stub counts with LDADD (or an exclusive loop without FEAT_LSE), saves x0-x30, sp, NZCV, FPSR/FPCR and
 * q0-q31 around the JS call, runs the instruction relocated by a64-relocate.ts and branches back. `onHit`
 * then receives an `A64RegisterState` (`probe<A64RegisterState>(…)`); the type parameter names the host's
 * shape, the x86-64 `RegisterState` by default.
 */
export function probe<R extends AnyRegisterState = RegisterState>(target: ProbeTarget, offset: number, onHit?: (registers: R) => void): Probe {
  if (hostArch() === 'arm64') return a64Probe(target, offset, onHit as ((registers: A64RegisterState) => void) | undefined);
  return x64Probe(target, offset, onHit as ((registers: RegisterState) => void) | undefined);
}

function x64Probe(target: ProbeTarget, offset: number, onHit?: (registers: RegisterState) => void): Probe {
  const block = target.block;
  const code = block.read();
  const instructions = decodeX64(code, block.address);
  const first = instructionAt(instructions, offset, code.length);
  const displaced: DecodedInstruction[] = [first];
  let end = first.offset + first.length;
  for (const instruction of instructions) {
    if (end - offset >= JUMP_SIZE) break;
    if (instruction.offset === end) {
      displaced.push(instruction);
      end += instruction.length;
    }
  }
  if (end - offset < JUMP_SIZE) {
    throw new JitkitError('E_PATCH_RANGE', `a probe needs ${JUMP_SIZE} bytes of whole instructions from +${offset}; the function ends after ${end - offset}`);
  }
  for (const instruction of displaced) {
    if (instruction.invalid || instruction.bytes[0] === 0xcc) {
      throw new JitkitError('E_UNRELOCATABLE', `'${instruction.text}' at +${instruction.offset} cannot be displaced (${instruction.invalid ? 'it does not decode' : 'it is a trap, perhaps a breakpoint: remove it first'})`);
    }
  }
  // Nothing may jump into the middle of the range the jump overwrites.
  for (const instruction of instructions) {
    if (instruction.branchTarget !== null && instruction.branchTarget > offset && instruction.branchTarget < end) {
      throw new JitkitError(
        'E_PATCH_BOUNDARY',
        `'${instruction.text}' at +${instruction.offset} jumps to +${instruction.branchTarget}, inside the ${end - offset} bytes a probe at +${offset} would overwrite`,
      );
    }
  }
  const ranges = active.get(block) ?? [];
  if (ranges.some((range) => range.start < end && offset < range.end)) {
    throw new JitkitError('E_PATCH_RANGE', `bytes +${offset}..+${end} overlap a probe already attached to this function`);
  }
  if (block.heap.sharedWithThreads && displaced.length > 1) {
    throw new JitkitError(
      'E_UNSUPPORTED',
      `a probe at +${offset} would displace ${displaced.length} instructions (${displaced.map((i) => `'${i.text}'`).join(', ')}); a thread stopped between them would resume inside the new jump. On a heap shared with threads probe an instruction of 5 bytes or more, or use a breakpoint`,
    );
  }

  const counter = new BigInt64Array(new SharedArrayBuffer(8));
  const counterAddress = addressOf(counter);
  let js: JsCallback | null = null;
  const stub = block.heap.allocate(512, 16);
  try {
    if (onHit !== undefined) {
      const siteAddress = block.address + BigInt(offset);
      js = callback((frame: bigint | number) => onHit(readFrame(BigInt(frame), siteAddress)), 'void (void *)');
    }
    const writer = new X64Writer();
    writer.lea(RSP, RSP, -RED_ZONE).pushFlags().push(RAX);
    writer.movImm64(RAX, counterAddress).lockIncrement(RAX);
    if (js !== null) {
      for (const reg of PUSHED) writer.push(reg);
      writer.movRegister(RBX, RSP).movRegister(RDI, RSP).andImm8(RSP, -16).subImm32(RSP, 512).fxsave(RSP);
      writer.movImm64(RAX, js.address).callRegister(RAX);
      writer.fxrstor(RSP).movRegister(RSP, RBX);
      for (const reg of [...PUSHED].reverse()) writer.pop(reg);
    }
    writer.pop(RAX).popFlags().lea(RSP, RSP, RED_ZONE);
    const relocatedAt = stub.address + BigInt(writer.offset);
    const relocated = relocateX64(code.subarray(offset, end), block.address + BigInt(offset), relocatedAt);
    writer.raw(relocated);
    writer.jmpTo(block.address + BigInt(end), stub.address);
    const stubCode = writer.finish();
    if (stubCode.length > stub.size) throw new JitkitError('E_SIZE', `probe stub needs ${stubCode.length} bytes`);
    stub.write(0, stubCode);
  } catch (error) {
    stub.free();
    js?.dispose();
    throw error;
  }

  // Only the 5 bytes of the jump change: the rest of the displaced range is never reached again, and a
  // shorter write fits one aligned word more often.
  const original = code.slice(offset, offset + JUMP_SIZE);
  const jump = new Uint8Array(JUMP_SIZE);
  jump[0] = 0xe9;
  try {
    new DataView(jump.buffer).setInt32(1, Number(rel32(stub.address, block.address + BigInt(offset + JUMP_SIZE))), true);
    writeCodeField(block, offset, jump, `the probe jump at +${offset}`);
  } catch (error) {
    stub.free();
    js?.dispose();
    throw error;
  }
  const range = { start: offset, end };
  ranges.push(range);
  active.set(block, ranges);

  let removed = false;
  let stubReleased = false;
  return {
    address: block.address + BigInt(offset),
    offset,
    displaced: displaced.map((instruction) => instruction.text),
    get hits() {
      return Atomics.load(counter, 0);
    },
    counterAddress,
    stubAddress: stub.address,
    stub,
    get isRemoved() {
      return removed;
    },
    remove() {
      if (removed) throw new JitkitError('E_DISPOSED', `the probe at +${offset} was already removed`);
      writeCodeField(block, offset, original, `the probe jump at +${offset}`);
      removed = true;
      ranges.splice(ranges.indexOf(range), 1);
    },
    releaseStub() {
      if (!removed) throw new JitkitError('E_PATCH_RANGE', `the probe at +${offset} is still attached; remove() it before releasing its stub`);
      if (stubReleased) return;
      stubReleased = true;
      stub.free();
      js?.dispose();
    },
  };
}

function readFrame(frame: bigint, rip: bigint): RegisterState {
  const view = new DataView(nativeView(frame, FRAME_NAMES.length * 8));
  const values: Record<string, bigint> = {};
  FRAME_NAMES.forEach((name, index) => (values[name] = view.getBigUint64(index * 8, true)));
  // The frame sits below the red zone, the 16 saved words, and nothing else.
  values['rsp'] = frame + BigInt(FRAME_NAMES.length * 8 + RED_ZONE);
  values['rip'] = rip;
  return values as unknown as RegisterState;
}

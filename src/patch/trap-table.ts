import { JitkitError } from '../errors.ts';
import { addressOf } from '../call/index.ts';
import { CodeHeap, KERNEL_SIGACTION_SIZE, SIGTRAP, UCONTEXT_LAYOUT, hostCpuFeatures, installSignalHandler, signalAction, type CodeBlock } from '../memory/index.ts';
import { a64TrapHandler } from './a64-trap-handler.ts';
import { hostArch } from './host.ts';
import { RECORD, type TrapHandlerPlan } from './trap-record.ts';
import { x64TrapHandler } from './x64-trap-handler.ts';

const CAPACITY = 256;
const STRIDE = 320; // 3 header words + up to 34 saved registers (arm64), rounded up
const WORDS = STRIDE / 8;
const HANDLER_SIZE = 512;

interface TrapTable {
  readonly words: BigInt64Array;
  /** Keeps the handler's code mapped for the life of the process: a signal can arrive at any time. */
  readonly handler: CodeBlock;
}

let table: TrapTable | null = null;
const reserved = new Set<number>();

/**
 * Installs the process-wide SIGTRAP handler on first use. It is generated machine code (x64-trap-handler.ts,
 * a64-trap-handler.ts) in a heap jitkit never disposes, and it is never uninstalled: a trap raised by another
 * thread just before an uninstall would otherwise meet the default action (process death).
 */
function trapTable(): TrapTable {
  if (table !== null) {
    checkStillInstalled(table);
    return table;
  }
  const arch = hostArch();
  const words = new BigInt64Array(new SharedArrayBuffer(CAPACITY * STRIDE + KERNEL_SIGACTION_SIZE));
  const base = addressOf(words);
  const heap = new CodeHeap({ policy: 'auto' });
  const handler = heap.allocate(HANDLER_SIZE, 16);
  try {
    // The handler is complete before the kernel can call it: the action to chain to is read first, the
    // code written, and only then installed (JS runs this on one thread, so nothing installs in between).
    const previous = signalAction(SIGTRAP);
    const plan: TrapHandlerPlan = { table: base, capacity: CAPACITY, stride: STRIDE, layout: UCONTEXT_LAYOUT[arch], signal: SIGTRAP, defaultAction: base + BigInt(CAPACITY * STRIDE), previous };
    const code = arch === 'x64' ? x64TrapHandler(plan) : a64TrapHandler(plan, hostCpuFeatures().includes('atomics'), handler.address);
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
 * A SIGTRAP handler installed after jitkit's receives every trap instead of it: it would return to the trap
 * instruction (int3 resumes after it, brk re-executes it forever) and never run the displaced instruction.
 * So no breakpoint is set while jitkit's handler is not the installed action.
 */
function checkStillInstalled(current: TrapTable): void {
  const installed = signalAction(SIGTRAP).handler;
  if (installed === current.handler.address) return;
  throw new JitkitError(
    'E_STATE',
    `SIGTRAP's action was replaced after jitkit installed its breakpoint handler (now 0x${installed.toString(16)}, jitkit's is 0x${current.handler.address.toString(16)}), so a trap would not reach jitkit; no breakpoint was set. Install other SIGTRAP handlers before the first breakpoint (jitkit chains to them), or reinstall jitkit's: installSignalHandler(SIGTRAP, installedTrapHandler())`,
  );
}

/** The address of jitkit's SIGTRAP handler once a breakpoint has installed it, else null. */
export function installedTrapHandler(): bigint | null {
  return table?.handler.address ?? null;
}

/** One breakpoint's record in the handler's table. */
export interface TrapRecord {
  readonly hits: bigint;
  /** The saved words of the most recent hit (UCONTEXT_LAYOUT order), or null before the first hit. */
  registers(count: number): bigint[] | null;
  /** Makes the handler stop recognizing the trap and frees the record. */
  release(): void;
}

/**
 * Publishes a record for a trap that the kernel will report at `trapPc`, resuming at `resume`. The record is
 * complete (Atomics.store) before the caller writes the trap instruction, so a thread that traps right after
 * that write finds it.
 */
export function reserveTrapRecord(trapPc: bigint, resume: bigint): TrapRecord {
  const words = trapTable().words;
  const slot = Array.from({ length: CAPACITY }, (_, i) => i).find((i) => !reserved.has(i));
  if (slot === undefined) throw new JitkitError('E_SIZE', `at most ${CAPACITY} breakpoints can exist at once; release() removed ones`);
  const record = slot * WORDS;
  words.fill(0n, record, record + WORDS);
  Atomics.store(words, record + RECORD.resume / 8, resume);
  Atomics.store(words, record + RECORD.trapPc / 8, trapPc);
  reserved.add(slot);
  let released = false;
  return {
    get hits() {
      return released ? 0n : BigInt.asUintN(64, Atomics.load(words, record + RECORD.hits / 8));
    },
    registers(count) {
      if (released || Atomics.load(words, record + RECORD.hits / 8) === 0n) return null;
      return Array.from({ length: count }, (_, index) => BigInt.asUintN(64, words[record + RECORD.registers / 8 + index]!));
    },
    release() {
      if (released) return;
      released = true;
      Atomics.store(words, record + RECORD.trapPc / 8, 0n);
      reserved.delete(slot);
    },
  };
}

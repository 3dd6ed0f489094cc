import koffi from 'koffi';
import { JitkitError } from '../errors.ts';
import { isTracing, traceOsCall } from './trace.ts';

/**
 * Signal plumbing for in-process trap handlers on Linux (glibc): reading and installing a `sigaction`,
 * raising a signal on the calling thread, and where the kernel puts the interrupted registers in the
 * `ucontext_t` a SA_SIGINFO handler receives.
 *
 * glibc's `sigaction()` is used rather than the raw `rt_sigaction` system call because the two structs
 * differ: the kernel's is {handler, flags, restorer, 8-byte mask} while glibc's (below) is {handler,
 * 128-byte mask, int flags, restorer}, and glibc fills in `sa_restorer` (the `rt_sigreturn` trampoline
 * x86-64 requires, SA_RESTORER) itself.
 */

/** Signal numbers; identical on x86-64 and AArch64 Linux (asm-generic/signal.h, arch/x86 signal.h). */
export const SIGTRAP = 5;

/** `sa_flags` bits (asm-generic/signal-defs.h). */
export const SA_SIGINFO = 0x4;
export const SA_RESTART = 0x10000000;

/** glibc `struct sigaction` on 64-bit Linux: handler at 0, sigset_t (1024 bits) at 8, int flags at 136, restorer at 144. */
const SIGACTION_SIZE = 152;
const SA_FLAGS_OFFSET = 136;
const SIG_DFL = 0n;
const SIG_IGN = 1n;

/** What a signal currently does. */
export interface SignalAction {
  /** The handler address; 0n is SIG_DFL (the default action), 1n SIG_IGN (ignored). */
  readonly handler: bigint;
  readonly flags: number;
  /** True when the handler takes (signal, siginfo_t *, ucontext_t *). */
  readonly siginfo: boolean;
  readonly isDefault: boolean;
  readonly isIgnored: boolean;
}

/**
 * Where a SA_SIGINFO handler finds the interrupted state inside its third argument (`ucontext_t *`).
 * x86-64 (glibc sys/ucontext.h): uc_flags, uc_link, stack_t uc_stack (24 bytes), then `mcontext_t` whose
 * first member is `gregset_t gregs[23]` — so gregs start at 40, in the order R8..R15, RDI, RSI, RBP, RBX,
 * RDX, RAX, RCX, RSP, RIP (REG_RIP = 16), EFL (17).
 * AArch64: uc_flags, uc_link, uc_stack, sigset_t uc_sigmask (128 bytes) end at 168; `mcontext_t`
 * (struct sigcontext, 16-byte aligned) starts at 176 with fault_address, then regs[31] (x0..x30), sp, pc, pstate.
 */
export interface UcontextLayout {
  /** Offset of the first saved general register. */
  readonly registers: number;
  /** How many consecutive 8-byte words from `registers` hold the register state. */
  readonly registerCount: number;
  /** Offset of the saved program counter (RIP / PC) — writing it changes where the thread resumes. */
  readonly pc: number;
  /** Names of the saved words, in order. */
  readonly names: readonly string[];
}

export const UCONTEXT_LAYOUT: Readonly<Record<'x64' | 'arm64', UcontextLayout>> = {
  x64: {
    registers: 40,
    registerCount: 18,
    pc: 40 + 16 * 8,
    names: ['r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rdi', 'rsi', 'rbp', 'rbx', 'rdx', 'rax', 'rcx', 'rsp', 'rip', 'rflags'],
  },
  arm64: {
    registers: 184,
    registerCount: 34,
    pc: 184 + 32 * 8,
    names: [...Array.from({ length: 31 }, (_, i) => `x${i}`), 'sp', 'pc', 'pstate'],
  },
};

interface SignalLibc {
  sigaction(signal: number, action: Uint8Array | null, previous: Uint8Array | null): number;
  raise(signal: number): number;
  strerror(errno: number): string;
}

let libc: SignalLibc | null = null;

function signalLibc(): SignalLibc {
  if (libc !== null) return libc;
  if (process.platform !== 'linux') throw new JitkitError('E_UNSUPPORTED', `signal handlers are implemented for Linux only; this is ${process.platform}`);
  const lib = koffi.load('libc.so.6');
  libc = {
    sigaction: lib.func('int sigaction(int, void *, void *)'),
    raise: lib.func('int raise(int)'),
    strerror: lib.func('const char *strerror(int)'),
  } as SignalLibc;
  return libc;
}

function decode(bytes: Uint8Array): SignalAction {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const handler = view.getBigUint64(0, true);
  const flags = view.getInt32(SA_FLAGS_OFFSET, true);
  return { handler, flags, siginfo: (flags & SA_SIGINFO) !== 0, isDefault: handler === SIG_DFL, isIgnored: handler === SIG_IGN };
}

function check(result: number, what: string): void {
  if (result === 0) return;
  const errno = koffi.errno();
  throw new JitkitError('E_NATIVE', `${what} failed: ${signalLibc().strerror(errno)} (errno ${errno})`, { errno });
}

/** The current disposition of `signal`. */
export function signalAction(signal: number): SignalAction {
  const previous = new Uint8Array(SIGACTION_SIZE);
  const result = signalLibc().sigaction(signal, null, previous);
  if (isTracing()) traceOsCall('sigaction', [signal, 'NULL', 'old'], result);
  check(result, `sigaction(${signal}) (query)`);
  return decode(previous);
}

/**
 * Installs `handler` (machine code taking (int, siginfo_t *, ucontext_t *)) for `signal` with SA_SIGINFO
 * and an empty mask, and returns the action it replaced so the handler can chain to it. The signal itself
 * stays blocked while the handler runs (no SA_NODEFER).
 */
export function installSignalHandler(signal: number, handler: bigint): SignalAction {
  const action = new Uint8Array(SIGACTION_SIZE);
  const view = new DataView(action.buffer);
  view.setBigUint64(0, handler, true);
  view.setInt32(SA_FLAGS_OFFSET, SA_SIGINFO | SA_RESTART, true);
  const previous = new Uint8Array(SIGACTION_SIZE);
  const result = signalLibc().sigaction(signal, action, previous);
  if (isTracing()) traceOsCall('sigaction', [signal, `{ sa_sigaction: 0x${handler.toString(16)}, SA_SIGINFO|SA_RESTART }`, 'old'], result);
  check(result, `sigaction(${signal}) (install)`);
  return decode(previous);
}

/** Sends `signal` to the calling thread (raise(3)); the handler runs before this returns. */
export function raiseSignal(signal: number): void {
  const result = signalLibc().raise(signal);
  if (isTracing()) traceOsCall('raise', [signal], result);
  check(result, `raise(${signal})`);
}

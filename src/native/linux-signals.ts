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

/**
 * glibc's `struct sigaction` (sysdeps/unix/sysv/linux/bits/sigaction.h): {handler, sigset_t sa_mask (1024
 * bits), int sa_flags, sa_restorer}. x86-64 and AArch64 glibc both use this generic definition, so the
 * offsets coincide; they are listed per architecture because other ports differ (MIPS puts the flags first,
 * Alpha and SPARC have their own) and because what the architectures do with `sa_restorer` differs: on
 * x86-64 glibc fills in its `rt_sigreturn` trampoline (SA_RESTORER, which the kernel requires there), on
 * AArch64 the kernel returns through the vDSO's `__kernel_rt_sigreturn` and the field stays unused.
 * Checked on the arm64 lane by reading back what glibc's sigaction() wrote around a known action.
 */
export interface SigactionLayout {
  readonly size: number;
  readonly handler: number;
  readonly mask: number;
  readonly flags: number;
  readonly restorer: number;
}

export const SIGACTION_LAYOUT: Readonly<Record<'x64' | 'arm64', SigactionLayout>> = {
  x64: { size: 152, handler: 0, mask: 8, flags: 136, restorer: 144 },
  arm64: { size: 152, handler: 0, mask: 8, flags: 136, restorer: 144 },
};

/**
 * The kernel's own `struct sigaction` for the raw rt_sigaction system call (asm-generic/signal.h with
 * SA_RESTORER, which both x86-64 and arm64 define): {handler, unsigned long flags, restorer, 64-bit mask}.
 * 32 zero bytes of it mean SIG_DFL with no flags and an empty mask on either architecture.
 */
export const KERNEL_SIGACTION_SIZE = 32;
/** The sigset size rt_sigaction expects (64 signals). */
export const KERNEL_SIGSET_SIZE = 8;

const SIG_DFL = 0n;
const SIG_IGN = 1n;

function sigactionLayout(): SigactionLayout {
  if (process.arch !== 'x64' && process.arch !== 'arm64') {
    throw new JitkitError('E_UNSUPPORTED', `signal handlers are implemented for x64 and arm64 Linux; this process is ${process.arch}`);
  }
  return SIGACTION_LAYOUT[process.arch];
}

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
 * Where a SA_SIGINFO handler finds the interrupted state inside its third argument (`ucontext_t *`), as
 * glibc's sys/ucontext.h lays it out (the kernel writes the same layout: arch/x86/include/uapi/asm/ucontext.h,
 * arch/arm64/include/uapi/asm/ucontext.h + sigcontext.h; the kernel's 8-byte sigset is padded to glibc's 128).
 *
 * x86-64: uc_flags, uc_link, stack_t uc_stack (24 bytes), then `mcontext_t` whose first member is
 * `gregset_t gregs[23]` — so gregs start at 40, in the order R8..R15, RDI, RSI, RBP, RBX, RDX, RAX, RCX,
 * RSP (REG_RSP = 15), RIP (16), EFL (17), CSGSFS, ERR, TRAPNO, OLDMASK, CR2 (22, the fault address).
 *
 * AArch64: uc_flags, uc_link, uc_stack (24 bytes), sigset_t uc_sigmask (128 bytes) end at 168; `mcontext_t`
 * (the kernel's struct sigcontext, 16-byte aligned because its __reserved[4096] FP/SIMD area is) starts at
 * 176: fault_address (176), regs[31] = x0..x30 (184), sp (432), pc (440), pstate (448, NZCV in bits 31:28).
 */
export interface UcontextLayout {
  /** Offset of the first saved general register. */
  readonly registers: number;
  /** How many consecutive 8-byte words from `registers` hold the register state. */
  readonly registerCount: number;
  /** Offset of the saved program counter (RIP / PC) — writing it changes where the thread resumes. */
  readonly pc: number;
  /** Offset of the saved stack pointer (RSP / SP). */
  readonly sp: number;
  /** Offset of the saved flags (RFLAGS / PSTATE). */
  readonly flags: number;
  /** Offset of the faulting data address (x86-64 CR2; AArch64 fault_address). */
  readonly faultAddress: number;
  /** Names of the saved words, in order. */
  readonly names: readonly string[];
}

const A64_MCONTEXT = 176;

export const UCONTEXT_LAYOUT: Readonly<Record<'x64' | 'arm64', UcontextLayout>> = {
  x64: {
    registers: 40,
    registerCount: 18,
    pc: 40 + 16 * 8,
    sp: 40 + 15 * 8,
    flags: 40 + 17 * 8,
    faultAddress: 40 + 22 * 8,
    names: ['r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rdi', 'rsi', 'rbp', 'rbx', 'rdx', 'rax', 'rcx', 'rsp', 'rip', 'rflags'],
  },
  arm64: {
    registers: A64_MCONTEXT + 8,
    registerCount: 34,
    pc: A64_MCONTEXT + 8 + 32 * 8,
    sp: A64_MCONTEXT + 8 + 31 * 8,
    flags: A64_MCONTEXT + 8 + 33 * 8,
    faultAddress: A64_MCONTEXT,
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
  const layout = sigactionLayout();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const handler = view.getBigUint64(layout.handler, true);
  const flags = view.getInt32(layout.flags, true);
  return { handler, flags, siginfo: (flags & SA_SIGINFO) !== 0, isDefault: handler === SIG_DFL, isIgnored: handler === SIG_IGN };
}

function check(result: number, what: string): void {
  if (result === 0) return;
  const errno = koffi.errno();
  throw new JitkitError('E_NATIVE', `${what} failed: ${signalLibc().strerror(errno)} (errno ${errno})`, { errno });
}

/** The current disposition of `signal`. */
export function signalAction(signal: number): SignalAction {
  const previous = new Uint8Array(sigactionLayout().size);
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
  const layout = sigactionLayout();
  const action = new Uint8Array(layout.size);
  const view = new DataView(action.buffer);
  view.setBigUint64(layout.handler, handler, true);
  view.setInt32(layout.flags, SA_SIGINFO | SA_RESTART, true);
  const previous = new Uint8Array(layout.size);
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

import type { TrapHandlerPlan } from './trap-record.ts';
import { RECORD } from './trap-record.ts';
import { R8, R9, R10, R11, RAX, RCX, RDI, RDX, RSI, X64Writer } from './x64-writer.ts';

export { RECORD, type TrapHandlerPlan } from './trap-record.ts';

/** System call numbers on x86-64 Linux (arch/x86/entry/syscalls/syscall_64.tbl). */
const SYS_RT_SIGACTION = 13;
const SYS_GETPID = 39;
const SYS_GETTID = 186;
const SYS_TGKILL = 234;
/** The kernel's sigset size for rt_sigaction (64 signals). */
const KERNEL_SIGSET_SIZE = 8;

/**
 * The SIGTRAP handler, as x86-64 machine code: `void handler(int signal, siginfo_t *info, ucontext_t *uc)`.
 *
 * After `int3` the kernel reports RIP one past the trap byte. The handler scans the table for a record
 * whose `trapPc` equals that RIP; on a match it counts the hit (`lock inc`, so hits on several threads all
 * count), copies the 18 saved registers from the ucontext into the record (`rep movsq`; the kernel clears
 * DF before calling a handler, SysV ABI §3.2.1), and sets the saved RIP to the record's `resume` address —
 * the out-of-line copy of the displaced instruction — so `rt_sigreturn` resumes there.
 *
 * Any other SIGTRAP goes to the previous action: a tail jump to its handler with the three arguments
 * untouched (only caller-saved scratch registers are used before it); nothing for SIG_IGN; for SIG_DFL
 * the default action is restored with `rt_sigaction` and the signal re-sent to this thread with `tgkill`:
 * it stays blocked until the handler returns, then the default action (core dump) takes it, as if jitkit
 * had never installed a handler.
 *
 * The handler may run on any thread at any moment, so it touches no JS and no allocator: only the table.
 */
export function x64TrapHandler(plan: TrapHandlerPlan): Uint8Array {
  const w = new X64Writer();
  w.load(RAX, RDX, plan.layout.pc);
  w.movImm64(R8, plan.table).movImm32(R9, plan.capacity);
  w.label('scan').compareMemory(RAX, R8, RECORD.trapPc).jcc('e', 'hit');
  w.lea(R8, R8, plan.stride).decrement(R9).jcc('ne', 'scan');

  const previous = plan.previous;
  if (!previous.isDefault && !previous.isIgnored) {
    w.movImm64(R11, previous.handler).jmpRegister(R11);
  } else if (previous.isIgnored) {
    w.ret();
  } else {
    w.movImm32(RAX, SYS_RT_SIGACTION).movImm32(RDI, plan.signal).movImm64(RSI, plan.defaultAction).zero(RDX).movImm32(R10, KERNEL_SIGSET_SIZE).syscall();
    w.movImm32(RAX, SYS_GETPID).syscall().movRegister(R8, RAX); // syscall clobbers only rcx and r11
    w.movImm32(RAX, SYS_GETTID).syscall().movRegister(RSI, RAX);
    w.movRegister(RDI, R8).movImm32(RDX, plan.signal).movImm32(RAX, SYS_TGKILL).syscall();
    w.ret();
  }

  w.label('hit').lockIncrement(R8, RECORD.hits);
  w.lea(RSI, RDX, plan.layout.registers).lea(RDI, R8, RECORD.registers).movImm32(RCX, plan.layout.registerCount).repMovsq();
  w.load(RAX, R8, RECORD.resume).store(RDX, plan.layout.pc, RAX);
  w.ret();
  return w.finish();
}

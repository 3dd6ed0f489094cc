import { Arm64Assembler } from '../arm64/index.ts';
import { JitkitError } from '../errors.ts';
import { KERNEL_SIGSET_SIZE } from '../memory/index.ts';
import { RECORD, type TrapHandlerPlan } from './trap-record.ts';

/** System call numbers on AArch64 Linux (include/uapi/asm-generic/unistd.h). */
const SYS_RT_SIGACTION = 134;
const SYS_GETPID = 172;
const SYS_GETTID = 178;
const SYS_TGKILL = 131;

/**
 * The brk immediate jitkit's breakpoints use ('jk'), so a disassembly names them. Linux's arm64 kernel gives
 * user-space BRKs no special meaning except the uprobes immediate (5), so this one always raises SIGTRAP
 * (TRAP_BRKPT) with the PC at the brk itself (arch/arm64/kernel/debug-monitors.c, brk_handler).
 */
export const A64_BREAKPOINT_IMMEDIATE = 0x6a6b;

const hex = (value: bigint): string => `0x${BigInt.asUintN(64, value).toString(16)}`;

/**
 * The SIGTRAP handler, as AArch64 assembly text for jitkit's assembler (the tests give the same text to
 * llvm-mc): `void handler(int signal, siginfo_t *info, ucontext_t *uc)` (x0, x1, x2), entered
 * as an ordinary AAPCS64 call whose x30 is the kernel's return path (the vDSO's rt_sigreturn trampoline).
 *
 * An A64 BRK traps *at* the instruction: the saved PC is the brk's own address (unlike x86's int3), so the
 * handler looks for a record whose `trapPc` equals the saved PC. On a match it counts the hit atomically
 * (`stadd` with FEAT_LSE, else an exclusive loop, so hits from several threads all count), copies the 34
 * saved words x0..x30, sp, pc, pstate from the ucontext into the record, and replaces the saved PC with the
 * record's `resume` address — the relocated copy of the displaced instruction followed by a branch back — so
 * the kernel's sigreturn resumes the thread there.
 *
 * Only x9-x17 are used: caller-saved temporaries (AAPCS64 §6.1.1), so until it chains the handler leaves
 * x0-x2 and x30 as the kernel passed them, and the interrupted registers are restored from the ucontext by
 * sigreturn anyway. Any other SIGTRAP goes to the previous action: a tail branch (through x16, which a BTI
 * landing pad accepts) to its handler with the arguments untouched; a plain return for SIG_IGN; for
 * SIG_DFL the default action is restored with rt_sigaction (32 zero bytes are SIG_DFL in the kernel's struct)
 * and the signal re-sent to this thread with tgkill — it stays blocked until the handler returns, then the
 * default action takes it, as if jitkit had never installed a handler.
 *
 * The handler may run on any thread at any moment, so it touches no JS and no allocator: only the table.
 */
export function a64TrapHandlerSource(plan: TrapHandlerPlan, lse: boolean): string {
  const { layout } = plan;
  if (layout.registerCount % 2 !== 0) throw new JitkitError('E_SIZE', 'the A64 handler copies the saved registers in pairs');
  const previous = plan.previous;
  const chain =
    !previous.isDefault && !previous.isIgnored
      ? ['ldr x16, previous', 'br x16']
      : previous.isIgnored
        ? ['ret']
        : [
            `mov x8, #${SYS_RT_SIGACTION}`, `mov x0, #${plan.signal}`, 'ldr x1, default_action', 'mov x2, #0', `mov x3, #${KERNEL_SIGSET_SIZE}`, 'svc #0',
            `mov x8, #${SYS_GETPID}`, 'svc #0', 'mov x9, x0',
            `mov x8, #${SYS_GETTID}`, 'svc #0', 'mov x1, x0', 'mov x0, x9', `mov x2, #${plan.signal}`, `mov x8, #${SYS_TGKILL}`, 'svc #0',
            'ret',
          ];
  const count = lse
    ? ['mov x12, #1', 'stadd x12, [x13]']
    : ['count_retry:', 'ldxr x12, [x13]', 'add x12, x12, #1', 'stxr w14, x12, [x13]', 'cbnz w14, count_retry'];
  return [
    `ldr x9, [x2, #${layout.pc}]`,
    'ldr x10, table',
    `mov w11, #${plan.capacity}`,
    'scan:',
    `ldr x12, [x10, #${RECORD.trapPc}]`,
    'cmp x12, x9',
    'b.eq hit',
    `add x10, x10, #${plan.stride}`,
    'subs w11, w11, #1',
    'b.ne scan',
    ...chain,
    'hit:',
    `add x13, x10, #${RECORD.hits}`,
    ...count,
    `add x13, x2, #${layout.registers}`,
    `add x14, x10, #${RECORD.registers}`,
    `mov w15, #${layout.registerCount / 2}`,
    'copy:',
    'ldp x16, x17, [x13], #16',
    'stp x16, x17, [x14], #16',
    'subs w15, w15, #1',
    'b.ne copy',
    `ldr x12, [x10, #${RECORD.resume}]`,
    `str x12, [x2, #${layout.pc}]`,
    'ret',
    '.p2align 3',
    'table:',
    `.quad ${hex(plan.table)}`,
    'previous:',
    `.quad ${hex(previous.handler)}`,
    'default_action:',
    `.quad ${hex(plan.defaultAction)}`,
    '',
  ].join('\n');
}

/** The assembled handler for `address`. */
export function a64TrapHandler(plan: TrapHandlerPlan, lse: boolean, address: bigint): Uint8Array {
  return new Arm64Assembler().assemble(a64TrapHandlerSource(plan, lse)).finalize(address);
}

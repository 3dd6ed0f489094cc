import { Arm64Assembler } from '../arm64/index.ts';
import type { Signature } from '../call/index.ts';
import { JitkitError } from '../errors.ts';
import { ARGUMENT_REGISTERS, argumentLocations } from './argument-locations.ts';
import { Arm64Writer, X0, X16 } from './arm64-writer.ts';
import { RBP, RDI, RSI, RDX, RCX, R8, R9, R11, RSP, X64Writer } from './x64-writer.ts';

/** SysV x86-64 integer argument registers in order. */
const X64_ARGUMENTS = [RDI, RSI, RDX, RCX, R8, R9];
/** `sub sp, sp, #imm12` reaches 4095; the outgoing area is a multiple of 16. */
const A64_MAX_AREA = 4080;

/** Where each outgoing stack slot of the target call comes from. */
export type SlotSource = { readonly from: 'register'; readonly register: number } | { readonly from: 'slot'; readonly slot: number };

export interface TrampolinePlan {
  /** Integer registers the caller filled (each moves up one register, or the last one onto the stack). */
  readonly callerIntegerRegisters: number;
  /** The target's stack arguments, slot by slot. */
  readonly outgoing: readonly SlotSource[];
  /** True when the target's stack arguments are exactly the caller's: a tail jump then keeps them in place. */
  readonly tail: boolean;
}

/**
 * How a call with `signature` minus its first (context) parameter becomes a call of `signature`: integer
 * arguments move up one register; the one that falls off the last register becomes a stack argument, placed
 * among the caller's stack arguments in parameter order (both conventions lay stack arguments out in
 * parameter order: argument-locations.ts). Floating-point arguments keep their registers and relative order.
 */
export function trampolinePlan(signature: Signature, arch: 'x64' | 'arm64'): TrampolinePlan {
  const target = argumentLocations(signature.params, arch);
  const caller = argumentLocations(signature.params.slice(1), arch);
  const outgoing: SlotSource[] = [];
  target.forEach((location, index) => {
    if (index === 0 || location.kind !== 'stack') return;
    const source = caller[index - 1]!;
    outgoing[location.slot] = source.kind === 'stack' ? { from: 'slot', slot: source.slot } : { from: 'register', register: source.kind === 'integer' ? source.register : -1 };
  });
  const callerIntegerRegisters = caller.filter((location) => location.kind === 'integer').length;
  return { callerIntegerRegisters, outgoing, tail: outgoing.every((source) => source.from === 'slot') };
}

const hex = (value: bigint): string => `0x${BigInt.asUintN(64, value).toString(16)}`;

/**
 * The trampoline's code. Without stack arguments to rebuild it shifts the integer registers, loads the
 * context and tail-jumps, so the target returns straight to the caller. Otherwise it makes a real call frame
 * — a tail jump cannot work there, because the target's stack arguments must sit right above its return
 * address and the caller's are one slot short:
 *
 * - x86-64: `push rbp; mov rbp, rsp` (rsp is then 16-byte aligned: it was 8 past a multiple of 16 after the
 *   caller's `call`), `sub rsp, area` with the area a multiple of 16, so rsp is aligned at the inner `call`
 *   as SysV §3.2.2 requires; the caller's stack arguments are at [rbp + 16 + 8m]. r11 is the scratch register
 *   (neither an argument nor callee-saved). `mov rsp, rbp; pop rbp; ret` returns with rax/rdx/xmm0 intact.
 * - AArch64: `stp x29, x30, [sp, #-16]!; mov x29, sp` (a frame record, AAPCS64 §6.4.6), `sub sp, sp, #area`
 *   (multiple of 16: SP stays 16-byte aligned, §6.4.5.1); the caller's stack arguments are at [x29 + 16 +
 *   8m]; x9 is the scratch (a temporary), x16 holds the target (IP0), x8 (indirect result address) is left
 *   alone. `mov sp, x29; ldp x29, x30, [sp], #16; ret` returns with x0/x1/v0-v3 intact.
 *
 * The register that falls off is stored into its slot before the shift overwrites it.
 */
export function trampolineCode(signature: Signature, arch: 'x64' | 'arm64', context: bigint, target: bigint): Uint8Array {
  const plan = trampolinePlan(signature, arch);
  const limit = ARGUMENT_REGISTERS[arch].integer;
  // The caller's integer registers that move up one; the last one moves to the stack when all were used.
  const shifted = Math.min(plan.callerIntegerRegisters, limit - 1);
  const area = Math.ceil((plan.outgoing.length * 8) / 16) * 16;
  if (arch === 'x64') {
    const writer = new X64Writer();
    if (plan.tail) {
      for (let i = shifted; i >= 1; i--) writer.movRegister(X64_ARGUMENTS[i]!, X64_ARGUMENTS[i - 1]!);
      return writer.movImm64(RDI, context).movImm64(R11, target).jmpRegister(R11).finish();
    }
    writer.push(RBP).movRegister(RBP, RSP).subImm32(RSP, area);
    plan.outgoing.forEach((source, k) => {
      if (source.from === 'register') {
        writer.store(RSP, 8 * k, X64_ARGUMENTS[source.register]!);
      } else {
        writer.load(R11, RBP, 16 + 8 * source.slot).store(RSP, 8 * k, R11);
      }
    });
    for (let i = shifted; i >= 1; i--) writer.movRegister(X64_ARGUMENTS[i]!, X64_ARGUMENTS[i - 1]!);
    writer.movImm64(RDI, context).movImm64(R11, target).callRegister(R11);
    return writer.movRegister(RSP, RBP).pop(RBP).ret().finish();
  }
  if (plan.tail) {
    const writer = new Arm64Writer();
    for (let i = shifted; i >= 1; i--) writer.movRegister(i, i - 1);
    return writer.ldrLiteral(X0, context).ldrLiteral(X16, target).br(X16).finish();
  }
  if (area > A64_MAX_AREA) {
    throw new JitkitError('E_UNSUPPORTED', `"${signature.text}" puts ${plan.outgoing.length} arguments on the stack; an arm64 bind() trampoline rebuilds at most ${A64_MAX_AREA / 8}`);
  }
  const lines = ['stp x29, x30, [sp, #-16]!', 'mov x29, sp', `sub sp, sp, #${area}`];
  plan.outgoing.forEach((source, k) => {
    if (source.from === 'register') lines.push(`str x${source.register}, [sp, #${8 * k}]`);
    else lines.push(`ldr x9, [x29, #${16 + 8 * source.slot}]`, `str x9, [sp, #${8 * k}]`);
  });
  for (let i = shifted; i >= 1; i--) lines.push(`mov x${i}, x${i - 1}`);
  lines.push('ldr x0, context', 'ldr x16, target', 'blr x16', 'mov sp, x29', 'ldp x29, x30, [sp], #16', 'ret');
  lines.push('.p2align 3', 'context:', `.quad ${hex(context)}`, 'target:', `.quad ${hex(target)}`);
  // Only local labels (the literal pool): the code is position-independent.
  return new Arm64Assembler().assemble(lines.join('\n')).finalize();
}

import { Arm64Assembler } from '../arm64/index.ts';
import { JitkitError } from '../errors.ts';
import { relocateA64, type A64Relocation } from './a64-relocate.ts';

/**
 * The AArch64 probe stub, as LLVM-syntax assembly text (tests give the same text to llvm-mc and compare the
 * bytes) assembled by jitkit's A64 assembler. The probed site branches here with a plain `b`, so every
 * register, the flags and sp are the interrupted code's when the stub starts.
 *
 * Frame the stub builds for the JS callback, from sp upwards (A64_PROBE_FRAME bytes, a multiple of 16):
 *
 *     0    x0 .. x30     31 words
 *     248  sp            the interrupted code's sp (the frame's top)
 *     256  pc            the probed instruction's address
 *     264  nzcv          `mrs nzcv` (flags in bits 31:28)
 *     272  fpsr, fpcr
 *     288  q0 .. q31     512 bytes
 *
 * Why it is written this way:
 * - AAPCS64 §6.4.5.1: SP is 16-byte aligned at all times and nothing below it belongs to the code (no red
 *   zone), so the stub may push right away; every push moves sp by a multiple of 16, so it stays aligned,
 *   which the call into JS also needs (and the hardware's SP alignment check, SCTLR_EL1.SA0, enforces).
 * - Flags: nothing on the counting path writes NZCV (ADD/SUB immediate without S, LDADD, LDXR/STXR, CBNZ do
 *   not), so it needs no save; around the JS call they are saved with `mrs nzcv` and put back with `msr`.
 * - The JS call is an ordinary AAPCS64 call: it may clobber x0-x18, x30, v0-v7, v16-v31 and the upper
 *   halves of v8-v15, and FPSR's cumulative flags; all of x0-x30, q0-q31, FPSR and FPCR are saved (SVE/SME
 *   state beyond the V registers is not: the counting path touches none of it, a JS callback might).
 * - The counter is incremented atomically so hits from several threads all count: LDADD (FEAT_LSE, as
 *   `stadd`) when the CPU has it, else a load-exclusive / store-exclusive loop (ARMv8.0). The counter is a
 *   naturally aligned 8-byte word, as both require.
 * - The displaced instruction then runs relocated (a64-relocate.ts) with every register as it was, and a
 *   direct `b` returns to the instruction after the site (the stub is within ±128 MiB of it, checked).
 */
export const A64_PROBE_FRAME = 800;
const SP_SLOT = 248;
const PC_SLOT = 256;
const NZCV_SLOT = 264;
const FP_CONTROL_SLOT = 272;
const VECTORS = 288;

export interface A64ProbeStubPlan {
  /** Where the stub runs. */
  readonly address: bigint;
  /** The probed instruction: its word and address. */
  readonly word: number;
  readonly site: bigint;
  /** Native address of the 8-byte hit counter. */
  readonly counter: bigint;
  /** Native address of a `void (void *frame)` to call with the register frame, or null for counting only. */
  readonly callback: bigint | null;
  /** Whether the CPU implements FEAT_LSE (LDADD). */
  readonly lse: boolean;
}

const hex = (value: bigint): string => `0x${BigInt.asUintN(64, value).toString(16)}`;

function countLines(lse: boolean): string[] {
  // x0 = counter address; x1, x2 scratch.
  return lse
    ? ['ldr x0, counter', 'mov x1, #1', 'stadd x1, [x0]']
    : ['ldr x0, counter', 'count_retry:', 'ldxr x1, [x0]', 'add x1, x1, #1', 'stxr w2, x1, [x0]', 'cbnz w2, count_retry'];
}

function saveLines(): string[] {
  const lines = [`sub sp, sp, #${A64_PROBE_FRAME}`];
  for (let r = 0; r < 30; r += 2) lines.push(`stp x${r}, x${r + 1}, [sp, #${r * 8}]`);
  lines.push(
    'str x30, [sp, #240]',
    `add x0, sp, #${A64_PROBE_FRAME}`,
    `str x0, [sp, #${SP_SLOT}]`,
    'ldr x0, site',
    `str x0, [sp, #${PC_SLOT}]`,
    'mrs x0, nzcv',
    `str x0, [sp, #${NZCV_SLOT}]`,
    'mrs x0, fpsr',
    'mrs x1, fpcr',
    `stp x0, x1, [sp, #${FP_CONTROL_SLOT}]`,
  );
  for (let q = 0; q < 32; q += 2) lines.push(`stp q${q}, q${q + 1}, [sp, #${VECTORS + q * 16}]`);
  return lines;
}

function restoreLines(): string[] {
  const lines: string[] = [];
  for (let q = 30; q >= 0; q -= 2) lines.push(`ldp q${q}, q${q + 1}, [sp, #${VECTORS + q * 16}]`);
  lines.push(`ldp x0, x1, [sp, #${FP_CONTROL_SLOT}]`, 'msr fpsr, x0', 'msr fpcr, x1', `ldr x0, [sp, #${NZCV_SLOT}]`, 'msr nzcv, x0');
  for (let r = 28; r >= 0; r -= 2) lines.push(`ldp x${r}, x${r + 1}, [sp, #${r * 8}]`);
  lines.push('ldr x30, [sp, #240]', `add sp, sp, #${A64_PROBE_FRAME}`);
  return lines;
}

/** Instruction lines only (labels excluded), for placing the relocated instruction. */
const instructionCount = (lines: readonly string[]): number => lines.filter((line) => !line.endsWith(':')).length;

/** The stub's source and the relocation of the displaced instruction inside it. */
export function a64ProbeStubSource(plan: A64ProbeStubPlan): { source: string; relocation: A64Relocation } {
  const before =
    plan.callback === null
      ? ['stp x0, x1, [sp, #-32]!', 'str x2, [sp, #16]', ...countLines(plan.lse), 'ldr x2, [sp, #16]', 'ldp x0, x1, [sp], #32']
      : [...saveLines(), ...countLines(plan.lse), 'mov x0, sp', 'ldr x16, callback', 'blr x16', ...restoreLines()];
  const relocatedAt = plan.address + BigInt(instructionCount(before) * 4);
  const relocation = relocateA64(plan.word, plan.site, relocatedAt);
  const lines = [...before, ...relocation.lines];
  if (relocation.fallsThrough) {
    const here = plan.address + BigInt(instructionCount(lines) * 4);
    const back = plan.site + 4n - here;
    if (back < -(1n << 27n) || back >= 1n << 27n) {
      throw new JitkitError('E_PATCH_RANGE', `the probe stub at ${hex(plan.address)} is beyond the ±128 MiB a 'b' reaches from ${hex(plan.site)}`);
    }
    lines.push(`b #${back}`);
  }
  lines.push('.p2align 3', 'counter:', `.quad ${hex(plan.counter)}`, 'site:', `.quad ${hex(plan.site)}`, 'callback:', `.quad ${hex(plan.callback ?? 0n)}`);
  return { source: `${lines.join('\n')}\n`, relocation };
}

/** The assembled stub, ready to be written at `plan.address`. */
export function a64ProbeStub(plan: A64ProbeStubPlan): { code: Uint8Array; relocation: A64Relocation } {
  const { source, relocation } = a64ProbeStubSource(plan);
  return { code: new Arm64Assembler().assemble(source).finalize(plan.address), relocation };
}

import { JitkitError } from '../errors.ts';
import type { Assembler } from './assembler.ts';
import { qword } from './memory.ts';
import {
  r8, r9, r12, r13, r14, r15, rax, rbp, rbx, rcx, rdi, rdx, rsi, rsp,
  xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7, xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15,
} from './registers.ts';
import type { Gp64, Xmm } from './registers.ts';

/**
 * Calling-convention facts for x86-64 (System V AMD64 ABI §3.2; Microsoft x64 calling convention)
 * and a prologue/epilogue builder that keeps rsp 16-byte aligned at every call.
 */
export interface CallingConvention {
  readonly name: 'sysv' | 'win64';
  /** Integer/pointer arguments in order. */
  readonly integerArguments: readonly Gp64[];
  /** Floating-point arguments in order. Win64 assigns by position: the n-th argument uses either the n-th GP or the n-th xmm. */
  readonly floatArguments: readonly Xmm[];
  readonly integerReturn: Gp64;
  readonly floatReturn: Xmm;
  /** Registers a callee must preserve (rsp is preserved by construction and not listed). */
  readonly calleeSavedGp: readonly Gp64[];
  readonly calleeSavedXmm: readonly Xmm[];
  /** Bytes the caller reserves above the return address for the callee (Win64 "shadow space"). */
  readonly shadowSpace: number;
  /** Bytes below rsp a leaf function may use without moving rsp (SysV red zone). */
  readonly redZone: number;
  /** True when the n-th argument's slot is shared between GP and xmm registers (Win64). */
  readonly positionalArguments: boolean;
}

export const SYSV: CallingConvention = {
  name: 'sysv',
  integerArguments: [rdi, rsi, rdx, rcx, r8, r9],
  floatArguments: [xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7],
  integerReturn: rax,
  floatReturn: xmm0,
  calleeSavedGp: [rbx, rbp, r12, r13, r14, r15],
  calleeSavedXmm: [],
  shadowSpace: 0,
  redZone: 128,
  positionalArguments: false,
};

export const WIN64: CallingConvention = {
  name: 'win64',
  integerArguments: [rcx, rdx, r8, r9],
  floatArguments: [xmm0, xmm1, xmm2, xmm3],
  integerReturn: rax,
  floatReturn: xmm0,
  calleeSavedGp: [rbx, rbp, rdi, rsi, r12, r13, r14, r15],
  calleeSavedXmm: [xmm6, xmm7, xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15],
  shadowSpace: 32,
  redZone: 0,
  positionalArguments: true,
};

/** The convention of the platform jitkit runs on. */
export function hostConvention(platform: NodeJS.Platform = process.platform): CallingConvention {
  return platform === 'win32' ? WIN64 : SYSV;
}

export interface FrameOptions {
  /** Callee-saved GP registers the body uses (pushed in the prologue, popped in the epilogue). */
  readonly saveGp?: readonly Gp64[];
  /** Callee-saved xmm registers the body uses (stored in the frame; Win64 only has any). */
  readonly saveXmm?: readonly Xmm[];
  /** Bytes of local storage the body needs (addressed from rsp, see `Frame.localsOffset`). */
  readonly locals?: number;
  /** Outgoing call arguments beyond the register ones, plus Win64 shadow space if the body calls. */
  readonly outgoing?: number;
  /** Keep rbp as a frame pointer (push rbp; mov rbp, rsp). */
  readonly framePointer?: boolean;
}

/** The layout a prologue established, so the body and the epilogue agree on it. */
export interface Frame {
  /** rsp offset of the first local byte. */
  readonly localsOffset: number;
  /** Bytes `sub rsp` reserved (locals + xmm saves + outgoing + alignment padding). */
  readonly reserved: number;
  readonly savedGp: readonly Gp64[];
  readonly savedXmm: readonly Xmm[];
  readonly framePointer: boolean;
  /** rsp offset of each saved xmm register. */
  readonly xmmSlots: readonly number[];
}

/**
 * Emits a prologue. On entry rsp ≡ 8 (mod 16) — the call pushed the return address onto a 16-byte
 * aligned stack — so after the pushes and `sub rsp, n` the frame is sized to bring rsp back to a
 * multiple of 16, which every ABI requires at the next call instruction.
 */
export function emitPrologue(a: Assembler, convention: CallingConvention, options: FrameOptions = {}): Frame {
  const framePointer = options.framePointer ?? false;
  const savedGp = (options.saveGp ?? []).filter((register) => !(framePointer && register === rbp));
  const savedXmm = options.saveXmm ?? [];
  for (const register of savedGp) {
    if (!convention.calleeSavedGp.includes(register)) {
      throw new JitkitError('E_OPERANDS', `${register.name} is not callee-saved under ${convention.name}; only ${convention.calleeSavedGp.map(String).join(', ')} need saving`);
    }
  }
  for (const register of savedXmm) {
    if (!convention.calleeSavedXmm.includes(register)) {
      throw new JitkitError('E_OPERANDS', `${register.name} is not callee-saved under ${convention.name}`);
    }
  }
  const locals = options.locals ?? 0;
  const outgoing = options.outgoing ?? 0;
  if (!Number.isInteger(locals) || locals < 0 || !Number.isInteger(outgoing) || outgoing < 0) {
    throw new JitkitError('E_RANGE', 'locals and outgoing must be non-negative byte counts');
  }
  if (framePointer) a.push(rbp).mov(rbp, rsp);
  for (const register of savedGp) a.push(register);
  const pushed = 8 /* return address */ + 8 * (savedGp.length + (framePointer ? 1 : 0));
  // xmm saves use movaps and therefore 16-byte aligned slots, placed above the outgoing area and locals
  const xmmBase = align(outgoing + locals, 16);
  const unaligned = xmmBase + 16 * savedXmm.length;
  const reserved = align(pushed + unaligned, 16) - pushed;
  if (reserved > 0) a.sub(rsp, reserved);
  const xmmSlots = savedXmm.map((_, i) => xmmBase + 16 * i);
  savedXmm.forEach((register, i) => a.movaps(qword(rsp, xmmSlots[i]!).withSize(16), register));
  return { localsOffset: outgoing, reserved, savedGp, savedXmm, framePointer, xmmSlots };
}

/** Emits the epilogue matching `frame` and returns. */
export function emitEpilogue(a: Assembler, frame: Frame): void {
  frame.savedXmm.forEach((register, i) => a.movaps(register, qword(rsp, frame.xmmSlots[i]!).withSize(16)));
  if (frame.reserved > 0) a.add(rsp, frame.reserved);
  for (let i = frame.savedGp.length - 1; i >= 0; i--) a.pop(frame.savedGp[i]!);
  if (frame.framePointer) a.pop(rbp);
  a.ret();
}

function align(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

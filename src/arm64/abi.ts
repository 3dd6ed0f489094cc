import { JitkitError } from '../errors.ts';
import type { Arm64Assembler } from './assembler.ts';
import { mem, post, pre } from './operands.ts';
import { Register, fp64, gp64, sp, type GpRegister64 } from './registers.ts';

/**
 * AAPCS64 (Procedure Call Standard for the Arm 64-bit Architecture) facts and a frame builder.
 *
 * Arguments: integers and pointers in x0..x7, floating point and vectors in v0..v7; results in x0/x1 and
 * v0..v3; x8 carries the address of an indirect (large struct) result. x9..x15 are temporaries, x16/x17
 * (IP0/IP1) may be clobbered by veneers between caller and callee, x18 is the platform register (reserved
 * on Apple and Windows). x19..x28 and the low 64 bits of v8..v15 (d8..d15) must survive a call. x29 is the
 * frame pointer, x30 the link register, and sp stays 16-byte aligned at every public interface.
 */
export const integerArgumentRegisters: readonly GpRegister64[] = gp64.slice(0, 8);
export const floatArgumentRegisters: readonly Register<'d'>[] = fp64.slice(0, 8);
export const integerResultRegisters: readonly GpRegister64[] = gp64.slice(0, 2);
export const floatResultRegisters: readonly Register<'d'>[] = fp64.slice(0, 4);
export const indirectResultRegister: GpRegister64 = gp64[8]!;
export const intraProcedureScratch: readonly GpRegister64[] = [gp64[16]!, gp64[17]!];
export const platformRegister: GpRegister64 = gp64[18]!;
export const framePointer: GpRegister64 = gp64[29]!;
export const linkRegister: GpRegister64 = gp64[30]!;
export const calleeSavedRegisters: readonly GpRegister64[] = gp64.slice(19, 29);
/** Only the low 64 bits of v8..v15 are preserved, so the callee saves them as d registers. */
export const calleeSavedFloatRegisters: readonly Register<'d'>[] = fp64.slice(8, 16);
/** Free for a callee to use without saving: x0..x17 (x18 excluded: the platform may own it). */
export const callerSavedRegisters: readonly GpRegister64[] = gp64.slice(0, 18);
export const stackAlignment = 16;

export interface FrameOptions {
  /** Callee-saved general registers the function body uses (x19..x28). */
  readonly saveRegisters?: readonly GpRegister64[];
  /** Callee-saved floating-point registers the body uses (d8..d15). */
  readonly saveFloatRegisters?: readonly Register<'d'>[];
  /** Bytes of local storage, addressed from sp (rounded up so sp stays 16-byte aligned). */
  readonly localBytes?: number;
}

/** Where a frame built by `emitPrologue` keeps things, relative to sp after the prologue. */
export interface FrameLayout {
  readonly size: number;
  /** Offset of the frame record (x29, x30); x29 points here. */
  readonly recordOffset: number;
  /** Offset of the first byte of local storage. */
  readonly localsOffset: number;
  readonly saved: readonly { readonly register: Register; readonly offset: number }[];
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/**
 * Frame shape (sp after the prologue at the bottom):
 *   [sp + 0]                   locals
 *   [sp + localsSize]          callee-saved x and d registers, in pairs
 *   [sp + recordOffset]        x29, x30 (the frame record; x29 = sp + recordOffset)
 * The record sits at the top so the pre-indexed `stp x29, x30, [sp, #-16]!` opens the frame in one
 * instruction, as compilers do.
 */
export function frameLayout(options: FrameOptions = {}): FrameLayout {
  const gp = options.saveRegisters ?? [];
  const fpRegs = options.saveFloatRegisters ?? [];
  for (const r of gp) {
    if (!calleeSavedRegisters.includes(r)) throw new JitkitError('E_OPERANDS', `${r} is not callee-saved; the prologue saves only x19..x28`);
  }
  for (const r of fpRegs) {
    if (!calleeSavedFloatRegisters.includes(r)) throw new JitkitError('E_OPERANDS', `${r} is not callee-saved; the prologue saves only d8..d15`);
  }
  const localBytes = options.localBytes ?? 0;
  if (!Number.isInteger(localBytes) || localBytes < 0) throw new JitkitError('E_OPERANDS', `localBytes must be a non-negative integer, not ${localBytes}`);
  const localsSize = alignUp(localBytes, stackAlignment);
  const saved: { register: Register; offset: number }[] = [];
  let offset = localsSize;
  for (const r of [...gp, ...fpRegs]) {
    saved.push({ register: r, offset });
    offset += 8;
  }
  const recordOffset = alignUp(offset, stackAlignment);
  return { size: recordOffset + 16, recordOffset, localsOffset: 0, saved };
}

/** True when `register` is one a callee must preserve under AAPCS64. */
export function isCalleeSaved(register: Register): boolean {
  return calleeSavedRegisters.some((r) => r === register) || calleeSavedFloatRegisters.some((r) => r === register) ||
    register === framePointer || register === linkRegister;
}

/** Emits `sub sp, sp, #bytes` (or add) in up to two instructions: imm12 and imm12 << 12. */
function adjustStack(a: Arm64Assembler, bytes: number, grow: boolean): void {
  if (bytes > 0xffffff) throw new JitkitError('E_RANGE', `a frame of ${bytes} bytes is larger than the 16 MiB the prologue can allocate`);
  const op = grow ? 'sub' : 'add';
  const high = bytes & 0xfff000;
  const low = bytes & 0xfff;
  if (high !== 0) a.instruction(op, [sp, sp, high]);
  if (low !== 0) a.instruction(op, [sp, sp, low]);
}

/** Saves or restores the callee-saved registers, in stp/ldp pairs where two of one kind are adjacent. */
function transferSaved(a: Arm64Assembler, layout: FrameLayout, store: boolean): void {
  const pairOp = store ? 'stp' : 'ldp';
  const singleOp = store ? 'str' : 'ldr';
  const list = layout.saved;
  for (let i = 0; i < list.length; i++) {
    const first = list[i]!;
    const second = list[i + 1];
    if (second !== undefined && second.register.cls === first.register.cls && second.offset === first.offset + 8 && first.offset % 8 === 0) {
      a.instruction(pairOp, [first.register, second.register, mem(sp, first.offset)]);
      i++;
    } else {
      a.instruction(singleOp, [first.register, mem(sp, first.offset)]);
    }
  }
}

/**
 * Opens an AAPCS64 frame: pushes the frame record (x29, x30), sets x29 to it, reserves locals and saves the
 * requested callee-saved registers. Returns the layout for addressing locals from sp.
 */
export function emitPrologue(a: Arm64Assembler, options: FrameOptions = {}): FrameLayout {
  const layout = frameLayout(options);
  a.instruction('stp', [framePointer, linkRegister, pre(sp, -16)]);
  a.instruction('mov', [framePointer, sp]);
  adjustStack(a, layout.size - 16, true);
  transferSaved(a, layout, true);
  return layout;
}

/** Closes a frame opened by emitPrologue and, unless told otherwise, returns. */
export function emitEpilogue(a: Arm64Assembler, layout: FrameLayout, options: { readonly ret?: boolean } = {}): void {
  transferSaved(a, layout, false);
  adjustStack(a, layout.size - 16, false);
  a.instruction('ldp', [framePointer, linkRegister, post(sp, 16)]);
  if (options.ret !== false) a.instruction('ret', []);
}

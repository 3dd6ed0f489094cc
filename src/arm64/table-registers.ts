import { gpr } from './slots.ts';
import * as C from './operand-classes.ts';
import type { Slot } from './form.ts';

/**
 * The general-purpose register slots of one register width, by A64 field: Rd (bits 0..4), Rn (5..9),
 * Rm (16..20), Ra/Rt2 (10..14), Rs (16..20). `SP` variants take sp where the encoding reads 31 as sp;
 * `SPOnly` takes nothing but sp (for aliases that only exist when an operand is sp).
 */
export interface RegisterSlots {
  readonly width: 32 | 64;
  /** 0 for 32-bit, bit 31 (sf) for 64-bit. */
  readonly sf: number;
  readonly d: Slot;
  readonly dSP: Slot;
  readonly dSPOnly: Slot;
  readonly n: Slot;
  readonly nSP: Slot;
  readonly nSPOnly: Slot;
  readonly m: Slot;
  readonly a: Slot;
  readonly t: Slot;
  readonly t2: Slot;
  readonly s: Slot;
}

function slotsFor(width: 32 | 64): RegisterSlots {
  const reg = width === 64 ? C.X : C.W;
  const zr = width === 64 ? C.XZR : C.WZR;
  const sp = width === 64 ? C.SP : C.WSP;
  return {
    width,
    sf: width === 64 ? 0x80000000 : 0,
    d: gpr(reg | zr, 0),
    dSP: gpr(reg | sp, 0),
    dSPOnly: gpr(sp, 0),
    n: gpr(reg | zr, 5),
    nSP: gpr(reg | sp, 5),
    nSPOnly: gpr(sp, 5),
    m: gpr(reg | zr, 16),
    a: gpr(reg | zr, 10),
    t: gpr(reg | zr, 0),
    t2: gpr(reg | zr, 10),
    s: gpr(reg | zr, 16),
  };
}

export const W32 = slotsFor(32);
export const X64 = slotsFor(64);
export const BOTH_WIDTHS = [W32, X64] as const;

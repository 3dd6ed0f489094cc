import type { Slot } from './form.ts';
import { split, splitInteger } from './immediates.ts';
import * as C from './operand-classes.ts';
import { ShiftOperand, VectorList } from './operands.ts';
import { Register, vectors } from './registers.ts';

/**
 * Slot kinds of the Advanced SIMD forms added for issue #4: the modified immediate of MOVI/MVNI/ORR/BIC
 * (Arm ARM C4.1.6, "Advanced SIMD modified immediate") and the lane lists of the single-structure loads
 * and stores ("Advanced SIMD load/store single structure").
 */

const NONE = -1;

/** imm8 split as a:b:c in bits 16..18 and d:e:f:g:h in bits 5..9. */
const IMM8_FIELD = (7 << 16) | (31 << 5);
const placeImm8 = (imm8: number) => ((imm8 >>> 5) << 16) | ((imm8 & 31) << 5);
const readImm8 = (word: number) => (((word >>> 16) & 7) << 5) | ((word >>> 5) & 31);

/** The 8-bit immediate of MOVI/MVNI/ORR/BIC, 0..255, before any shift. */
export const modifiedImmediate8: Slot = {
  accepts: C.IMM,
  fieldMask: IMM8_FIELD,
  syntax: '#<imm8>',
  requirement: 'an integer 0..255 (shifted by the lsl/msl operand that follows, if any)',
  encode(operand: unknown) {
    const value = typeof operand === 'bigint' && operand >= 0n && operand <= 255n ? Number(operand) : operand;
    return typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255 ? NONE : placeImm8(value);
  },
  decode: readImm8,
};

/**
 * The 64-bit immediate of MOVI Dd / MOVI Vd.2d (op 1, cmode 1110): each bit of imm8 stands for one whole
 * byte, so the value's bytes must each be 0x00 or 0xff (e.g. 0xff00ff00ff00ff00).
 */
export const byteMask64: Slot = {
  accepts: C.IMM,
  fieldMask: IMM8_FIELD,
  syntax: '#<byte mask>',
  requirement: 'a 64-bit value whose every byte is 0x00 or 0xff, e.g. 0xff00ff00ff00ff00',
  encode(operand: unknown) {
    if (!splitInteger(operand)) return NONE;
    let imm8 = 0;
    for (let byte = 0; byte < 8; byte++) {
      const bits = ((byte < 4 ? split.lo : split.hi) >>> ((byte & 3) * 8)) & 0xff;
      if (bits === 0xff) imm8 |= 1 << byte;
      else if (bits !== 0) return NONE;
    }
    return placeImm8(imm8);
  },
  decode(word) {
    const imm8 = readImm8(word);
    let value = 0n;
    for (let byte = 0; byte < 8; byte++) if ((imm8 >>> byte) & 1) value |= 0xffn << BigInt(byte * 8);
    return value;
  },
  format: (operand) => `#0x${BigInt.asUintN(64, BigInt(operand as bigint)).toString(16)}`,
};

/**
 * The shift after a modified immediate, kept in cmode: `lsl #0|8` for 16-bit elements (cmode<1>, bit 13),
 * `lsl #0|8|16|24` for 32-bit elements (cmode<2:1>, bits 13..14), `msl #8|16` (cmode<0>, bit 12).
 */
export function modifiedImmediateShift(kind: 'lsl16' | 'lsl32' | 'msl'): Slot {
  const type = kind === 'msl' ? 4 : 0;
  const amounts = kind === 'lsl16' ? [0, 8] : kind === 'lsl32' ? [0, 8, 16, 24] : [8, 16];
  const shift = kind === 'msl' ? 12 : 13;
  return {
    accepts: C.SHIFT,
    fieldMask: (amounts.length - 1) << shift,
    syntax: `${kind === 'msl' ? 'msl' : 'lsl'} #${amounts.join('|')}`,
    requirement: `${kind === 'msl' ? 'msl' : 'lsl'} by ${amounts.join(', ')}`,
    encode(operand: ShiftOperand) {
      const index = operand.type === type ? amounts.indexOf(operand.amount) : -1;
      return index < 0 ? NONE : index << shift;
    },
    decode: (word) => new ShiftOperand(type, amounts[(word >>> shift) & (amounts.length - 1)]!),
  };
}

const elementLetters = ['b', 'h', 's', 'd'];
const lanesBySize = [16, 8, 4, 2];

/** Q (bit 30), S (bit 12) and size (bits 10..11) that hold the lane of an element of `size` (b h s d). */
function laneField(size: number, lane: number): number {
  const index = lane << size; // the byte offset of the lane within the 128-bit register
  return (((index >>> 3) & 1) << 30) | (((index >>> 2) & 1) << 12) | ((index & 3) << 10);
}
const LANE_FIELD = (1 << 30) | (1 << 12) | (3 << 10);

/**
 * `{ Vt.T, Vt2.T, ... }[lane]`: `count` consecutive registers (modulo 32), all at one lane of an element
 * of `size`, written as element registers (`list(v0.s(1), v1.s(1))`). The first register is at bits 0..4
 * and the lane is Q:S:size with the bits below the element size zero (which size's low bits encode).
 */
export function laneList(count: number, size: number): Slot {
  const cls = C.ELEMENT_CLASSES[size]!;
  // size<0> (bit 10) is 0 for h, s and d; size is 00 for s; bit 10 is 1 and S 0 for d (size = 01).
  const fieldMask = 31 | (size === 0 ? LANE_FIELD : size === 1 ? (1 << 30) | (1 << 12) | (1 << 11) : size === 2 ? (1 << 30) | (1 << 12) : 1 << 30);
  return {
    accepts: C.LIST,
    fieldMask,
    syntax: `{ ${count} x <Vt>.${elementLetters[size]} }[<0..${lanesBySize[size]! - 1}>]`,
    requirement: count === 1 ? `one vector register's .${elementLetters[size]} lane` : `${count} consecutive vector registers at one .${elementLetters[size]} lane`,
    failureCode: 'E_OPERANDS',
    encode(operand: VectorList | Register[]) {
      const registers = operand instanceof VectorList ? operand.registers : operand;
      if (registers.length !== count) return NONE;
      const first = registers[0]!;
      for (let i = 0; i < count; i++) {
        const r = registers[i];
        if (!(r instanceof Register) || r.cls !== cls || r.lane !== first.lane || r.index !== ((first.index + i) & 31)) return NONE;
      }
      // The d form's size field is 01 (bit 10), a fixed bit of the form, so only Q carries its lane.
      return first.index | (size === 3 ? first.lane << 30 : laneField(size, first.lane));
    },
    decode(word) {
      const first = word & 31;
      const lane = size === 3 ? (word >>> 30) & 1 : (((word >>> 30) & 1) << 3 | ((word >>> 12) & 1) << 2 | ((word >>> 10) & 3)) >>> size;
      return new VectorList(Array.from({ length: count }, (_, i) => vectors[(first + i) & 31]!.element(size, lane)!));
    },
  };
}

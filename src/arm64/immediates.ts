/**
 * The two A64 immediate encodings that are not plain bit fields: logical (bitmask) immediates and the
 * 8-bit floating-point immediate. Both work on numbers only (64-bit values as two 32-bit halves), so the
 * encoder's hot path never touches BigInt.
 */

function ctz32(value: number): number {
  return 31 - Math.clz32(value & -value);
}

function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** `count` low bits set, as a 32-bit unsigned number (count 0..32). */
function ones32(count: number): number {
  return count >= 32 ? 0xffffffff : ((1 << count) >>> 0) - 1;
}

/**
 * Encodes `hi:lo` (64-bit) as N:immr:imms, placed at bits 22 (N), 16..21 (immr) and 10..15 (imms), or -1.
 *
 * Arm ARM DecodeBitMasks: a logical immediate is an element of 2, 4, 8, 16, 32 or 64 bits, replicated to
 * the register width, whose bits are a run of `k` ones (0 < k < size) rotated right by `immr`. imms holds
 * k-1 with the element size marked by its leading ones (N=1 for 64; imms 0xxxxx for 32, 10xxxx for 16, ...
 * 11110x for 2). All-zeros and all-ones are not encodable: that is what `mov` and `orr` with zr are for.
 * For a 32-bit operation pass lo twice: the value is then a 32-bit element replicated.
 */
export function encodeBitmask(hi: number, lo: number): number {
  // Code uses few distinct masks (0xff, 0xfffffff0, 1 << n, ...) over and over: a direct-mapped cache of
  // recent values answers those with one hash and three compares instead of the element search below.
  const slot = Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b) >>> (32 - BITMASK_CACHE_BITS);
  if (bitmaskCacheLo[slot] === (lo | 0) && bitmaskCacheHi[slot] === (hi | 0)) return bitmaskCacheField[slot]!;
  const field = searchBitmask(hi >>> 0, lo >>> 0);
  bitmaskCacheLo[slot] = lo;
  bitmaskCacheHi[slot] = hi;
  bitmaskCacheField[slot] = field;
  return field;
}

const BITMASK_CACHE_BITS = 8;
// Slot 0 starts as the entry for 0:0, which is not encodable (-1); every other empty slot holds 0:0 too,
// whose hash is slot 0, so no empty slot can answer for another value.
const bitmaskCacheLo = new Int32Array(1 << BITMASK_CACHE_BITS);
const bitmaskCacheHi = new Int32Array(1 << BITMASK_CACHE_BITS);
const bitmaskCacheField = new Int32Array(1 << BITMASK_CACHE_BITS).fill(-1);

function searchBitmask(hi: number, lo: number): number {
  // Find the smallest element size whose replication gives the value.
  let size = 64;
  if (hi === lo) {
    size = 32;
    let element = lo;
    for (let half = 16; half >= 2; half >>= 1) {
      const mask = ones32(half);
      if ((element & mask) !== ((element >>> half) & mask)) break;
      size = half;
      element &= mask;
    }
  }
  if (size === 64) return encodeElement64(hi, lo);
  const element = lo & ones32(size);
  const k = popcount32(element);
  if (k === 0 || k === size) return -1;
  let rotation: number;
  if ((element & 1) === 0) {
    // ones(k) << tz is ones(k) rotated right by size - tz.
    const tz = ctz32(element);
    if (element >>> tz !== ones32(k)) return -1;
    rotation = (size - tz) % size;
  } else {
    // The run wraps through bit 0; its complement is a run of zeros that does not.
    const zeros = ~element & ones32(size);
    const tz = ctz32(zeros);
    if (zeros >>> tz !== ones32(size - k)) return -1;
    rotation = k - tz;
  }
  const imms = ((~(size - 1) << 1) | (k - 1)) & 0x3f;
  return (rotation << 16) | (imms << 10);
}

function encodeElement64(hi: number, lo: number): number {
  const k = popcount32(hi) + popcount32(lo);
  if (k === 0 || k === 64) return -1;
  let rotation: number;
  if ((lo & 1) === 0) {
    const tz = lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
    if (!isLowRun64(hi, lo, tz, k)) return -1;
    rotation = (64 - tz) % 64;
  } else {
    const zhi = ~hi >>> 0;
    const zlo = ~lo >>> 0;
    const tz = zlo !== 0 ? ctz32(zlo) : 32 + ctz32(zhi);
    if (!isLowRun64(zhi, zlo, tz, 64 - k)) return -1;
    rotation = k - tz;
  }
  return (1 << 22) | (rotation << 16) | ((k - 1) << 10);
}

/** True when hi:lo shifted right by `shift` is exactly `count` low ones. */
function isLowRun64(hi: number, lo: number, shift: number, count: number): boolean {
  let shiftedHi: number;
  let shiftedLo: number;
  if (shift === 0) {
    shiftedHi = hi;
    shiftedLo = lo;
  } else if (shift < 32) {
    shiftedLo = ((lo >>> shift) | (hi << (32 - shift))) >>> 0;
    shiftedHi = hi >>> shift;
  } else {
    shiftedLo = hi >>> (shift - 32);
    shiftedHi = 0;
  }
  const wantLo = ones32(Math.min(count, 32));
  const wantHi = count > 32 ? ones32(count - 32) : 0;
  return shiftedLo === wantLo && shiftedHi === wantHi;
}

/** Decodes N:immr:imms (as laid out by encodeBitmask) to the value for a register of `width` bits, or undefined. */
export function decodeBitmask(field: number, width: 32 | 64): bigint | undefined {
  const n = (field >>> 22) & 1;
  const immr = (field >>> 16) & 0x3f;
  const imms = (field >>> 10) & 0x3f;
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return undefined;
  const length = 31 - Math.clz32(combined);
  if (length < 1 || (width === 32 && n === 1)) return undefined;
  const size = 1 << length;
  const levels = size - 1;
  if ((imms & levels) === levels) return undefined;
  const k = (imms & levels) + 1;
  const rotation = immr & levels;
  const run = (1n << BigInt(k)) - 1n;
  const sizeMask = (1n << BigInt(size)) - 1n;
  const element = ((run >> BigInt(rotation)) | (run << BigInt(size - rotation))) & sizeMask;
  let value = 0n;
  for (let at = 0; at < width; at += size) value |= element << BigInt(at);
  return value;
}

/**
 * VFPExpandImm: imm8 = a:bcdefgh stands for (-1)^a * (16 + efgh) / 16 * 2^e, e in -3..4, stored as
 * b = NOT(exponent MSB), cd = exponent low bits. The 256 values are enumerated once.
 */
const fp8ByValue = new Map<number, number>();
const fp8Values: number[] = [];
for (let imm8 = 0; imm8 < 256; imm8++) {
  const sign = imm8 & 0x80 ? -1 : 1;
  const b = (imm8 >> 6) & 1;
  const cd = (imm8 >> 4) & 3;
  const exponent = b === 0 ? cd + 1 : cd - 3;
  const value = sign * ((16 + (imm8 & 15)) / 16) * 2 ** exponent;
  fp8Values.push(value);
  fp8ByValue.set(value, imm8);
}

/** The imm8 for `value`, or -1 when it is not ±(1..1.9375)·2^(-3..4) in steps of 1/16. */
export function encodeFloat8(value: number): number {
  return fp8ByValue.get(value) ?? -1;
}

export function decodeFloat8(imm8: number): number {
  return fp8Values[imm8 & 0xff]!;
}

/** Scratch output of `splitInteger`, reused so the encoder's hot path does not allocate. */
export const split = { hi: 0, lo: 0 };

/**
 * Splits an integer (number or bigint in -2^63 .. 2^64-1) into unsigned 32-bit halves in `split`;
 * false when it is not an integer in that range.
 */
export function splitInteger(value: unknown): boolean {
  if (typeof value === 'number') {
    // Most constants are 32-bit integers: no division needed to find the high half.
    if ((value | 0) === value) {
      split.lo = value >>> 0;
      split.hi = value < 0 ? 0xffffffff : 0;
      return true;
    }
    if (!Number.isSafeInteger(value)) return false;
    split.lo = value >>> 0;
    split.hi = Math.floor(value / 4294967296) >>> 0;
    return true;
  }
  if (typeof value !== 'bigint' || value < -(1n << 63n) || value >= 1n << 64n) return false;
  const v = BigInt.asUintN(64, value);
  split.hi = Number(v >> 32n);
  split.lo = Number(v & 0xffffffffn);
  return true;
}

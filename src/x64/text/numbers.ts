/**
 * Integer literals of the text syntax: decimal (`42`), hex with a prefix (`0x2a`) or with MASM's `h`
 * suffix (`2ah`, `0ffh`: it must start with a digit so it cannot be taken for a name), and binary (`0b101`).
 * `_` may group digits. Values that fit a JS number exactly (|v| <= 2^53) are numbers; larger ones are
 * bigints, so 64-bit immediates keep every bit.
 */

const TWO_POW_53 = 2 ** 53;
const MAX_U64 = (1n << 64n) - 1n;

/** A scanned literal: its value, or a reason it is not a number. */
export interface ScannedNumber {
  value: number | bigint;
  /** Empty when the literal is valid. */
  problem: string;
}

/** Per code unit: 1 for what a literal is made of (letters, digits, `_`), else 0. */
const LITERAL_CODE = new Uint8Array(65536);
/** Per code unit: its hex digit value, or 16 for anything else. */
const HEX_DIGIT = new Uint8Array(65536).fill(16);
for (let i = 0; i < 10; i++) HEX_DIGIT[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_DIGIT[97 + i] = 10 + i;
  HEX_DIGIT[65 + i] = 10 + i;
}
for (let code = 48; code <= 57; code++) LITERAL_CODE[code] = 1;
for (let i = 0; i < 26; i++) {
  LITERAL_CODE[65 + i] = 1;
  LITERAL_CODE[97 + i] = 1;
}
LITERAL_CODE[95] = 1;

function digitValue(code: number): number {
  const hex = HEX_DIGIT[code]!;
  return hex < 16 ? hex : 99;
}

/** The index just past the literal that starts at `start` (a digit): every letter, digit and `_`. */
export function literalEnd(codes: Uint16Array, start: number): number {
  let at = start;
  while (LITERAL_CODE[codes[at]!] === 1) at++;
  return at;
}

/**
 * Reads the literal starting at `start` (a digit) from `codes` into `out` and returns the index past it.
 * Plain decimal and `0x` hex of exact size are read in one pass over the codes; every other spelling
 * (`h` suffix, binary, `_`, past 2^53, or not a number at all) is read by `readLiteral` from `text`.
 */
export function scanLiteral(codes: Uint16Array, text: string, start: number, out: ScannedNumber): number {
  let at = start;
  let value = 0;
  if (codes[at] === 48 && (codes[at + 1]! | 32) === 120) {
    at += 2;
    let digit = HEX_DIGIT[codes[at]!]!;
    // at most 13 hex digits (52 bits) stay exact in a double
    while (digit < 16 && at - start < 15) {
      value = value * 16 + digit;
      digit = HEX_DIGIT[codes[++at]!]!;
    }
    if (at - start > 2 && LITERAL_CODE[codes[at]!] === 0) {
      out.problem = '';
      out.value = value;
      return at;
    }
  } else {
    let code = codes[at]!;
    // at most 15 decimal digits stay below 2^53
    while (code >= 48 && code <= 57 && at - start < 15) {
      value = value * 10 + (code - 48);
      code = codes[++at]!;
    }
    if (LITERAL_CODE[code] === 0) {
      out.problem = '';
      out.value = value;
      return at;
    }
  }
  const stop = literalEnd(codes, at);
  readLiteral(text, start, stop, out);
  return stop;
}

/** Reads the literal `text[start, stop)` into `out`: every spelling, with the reason when it is no number. */
export function readLiteral(text: string, start: number, stop: number, out: ScannedNumber): void {
  out.problem = '';
  let radix = 10;
  let from = start;
  let to = stop;
  const last = text.charCodeAt(stop - 1) | 32;
  const second = stop - start > 2 ? text.charCodeAt(start + 1) | 32 : 0;
  if (text.charCodeAt(start) === 48 && second === 120) {
    radix = 16;
    from = start + 2;
  } else if (last === 104) {
    radix = 16;
    to = stop - 1;
  } else if (text.charCodeAt(start) === 48 && second === 98) {
    radix = 2;
    from = start + 2;
  }
  let value = 0;
  let big: bigint | null = null;
  let digits = 0;
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code === 95) continue;
    const digit = digitValue(code);
    if (digit >= radix) {
      out.problem = `'${text.slice(start, stop)}' is not a number; write decimal 42, hex 0x2a or 2ah, or binary 0b101010`;
      return;
    }
    digits++;
    if (big === null) {
      value = value * radix + digit;
      // past 2^53 a double drops low bits, so the rest of the literal is read exactly as a bigint
      if (value >= TWO_POW_53) {
        const digitsSoFar = text.slice(from, at + 1).replace(/_/g, '');
        big = BigInt(radix === 16 ? `0x${digitsSoFar}` : radix === 2 ? `0b${digitsSoFar}` : digitsSoFar);
      }
    } else {
      big = big * BigInt(radix) + BigInt(digit);
    }
  }
  if (digits === 0) {
    out.problem = `'${text.slice(start, stop)}' has no digits; write decimal 42, hex 0x2a or 2ah, or binary 0b101010`;
    return;
  }
  if (big !== null && big > MAX_U64) {
    out.problem = `${text.slice(start, stop)} does not fit 64 bits`;
    return;
  }
  out.value = big ?? value;
}

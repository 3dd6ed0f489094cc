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

function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122) || code === 95;
}

function digitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 32;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return 99;
}

/** The index just past the literal that starts at `start` (a digit): every letter, digit and `_`. */
export function literalEnd(text: string, start: number, end: number): number {
  let at = start;
  while (at < end && isWordCode(text.charCodeAt(at))) at++;
  return at;
}

/** Reads the literal `text[start, stop)` into `out`. */
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

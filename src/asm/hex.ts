import { JitkitError } from '../errors.ts';

/**
 * Parses hex text such as `"b8 2a 00 00 00 c3"`, `"b82a000000c3"`, `"0xb8,0x2a"` or `"\\xb8\\x2a"`.
 * Separators (spaces, commas, colons, newlines) and `0x` / `\x` prefixes are accepted; anything else is `E_HEX`.
 */
export function parseHex(text: string): Uint8Array {
  const cleaned = text.replace(/0x|\\x/gi, ' ').replace(/[\s,:;]+/g, '');
  const bad = /[^0-9a-fA-F]/.exec(cleaned);
  if (bad !== null) {
    throw new JitkitError('E_HEX', `'${bad[0]}' is not a hex digit; write bytes like "b8 2a 00 00 00 c3"`);
  }
  if (cleaned.length % 2 !== 0) {
    throw new JitkitError('E_HEX', `hex text has an odd number of digits (${cleaned.length}); every byte needs two digits, e.g. "0f" not "f"`);
  }
  const bytes = new Uint8Array(cleaned.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(cleaned.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Formats bytes as lower-case hex pairs separated by `separator` (a space by default). */
export function formatHex(bytes: ArrayLike<number>, separator = ' '): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) out += separator;
    const byte = bytes[i]!;
    out += byte < 16 ? `0${byte.toString(16)}` : byte.toString(16);
  }
  return out;
}

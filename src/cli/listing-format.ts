import { formatHex } from '../asm/hex.ts';
import type { ListingLine } from './architectures.ts';

/** `0000000000401000  b8 2a 00 00 00   mov eax, 0x2a`: address, bytes in a column wide enough for all, text. */
export function formatListing(lines: readonly ListingLine[]): string {
  const width = Math.max(0, ...lines.map((line) => line.bytes.length * 3 - 1));
  return lines.map((line) => `${line.address.toString(16).padStart(16, '0')}  ${formatHex(line.bytes).padEnd(width)}  ${line.text}`).join('\n');
}

/** `0xb8, 0x2a, 0x00`: the bytes as a JS/C array body. */
export function formatByteList(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => `0x${byte.toString(16).padStart(2, '0')}`).join(', ');
}

/**
 * The multi-byte NOP sequences recommended by the Intel SDM (Vol. 2B, "NOP", Table 4-12): one
 * instruction per gap of 1-9 bytes, so padding decodes as few instructions as possible.
 */
const RECOMMENDED_NOPS: readonly (readonly number[])[] = [
  [],
  [0x90],
  [0x66, 0x90],
  [0x0f, 0x1f, 0x00],
  [0x0f, 0x1f, 0x40, 0x00],
  [0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
  [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
  [0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
];

export const LONGEST_RECOMMENDED_NOP = RECOMMENDED_NOPS.length - 1;

/** Writes `count` bytes of NOPs at `at`: as many 9-byte NOPs as fit, then one shorter NOP. */
export function writeNops(bytes: Uint8Array, at: number, count: number): void {
  while (count > 0) {
    const size = Math.min(count, LONGEST_RECOMMENDED_NOP);
    bytes.set(RECOMMENDED_NOPS[size]!, at);
    at += size;
    count -= size;
  }
}

import { disassemble } from '../arm64/index.ts';
import { disassembleX64 } from '../x64/text/index.ts';

/**
 * The instructions of `bytes` loaded at `address`, as one line of text for a demo step: what the CPU
 * will decode there, so a reader can compare the code before and after a live change.
 */
export function codeListing(bytes: Uint8Array, address: bigint, arch: string = process.arch): string {
  const lines = arch === 'arm64' ? disassemble(bytes.subarray(0, bytes.length - (bytes.length % 4)), address) : disassembleX64(bytes, address).map((instruction) => instruction.text);
  return lines.join('; ');
}

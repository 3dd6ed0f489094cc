import { assembleArm64, disassembleArm64 } from '../arm64/index.ts';
import { JitkitError } from '../errors.ts';
import { assembleX64, disassembleX64 } from '../x64/text/index.ts';

/** The instruction sets the CLI assembles and disassembles. */
export type Architecture = 'x64' | 'arm64';

export interface ListingLine {
  readonly address: bigint;
  readonly bytes: Uint8Array;
  readonly text: string;
}

export function parseArchitecture(command: string, value: string | undefined, fallback: Architecture): Architecture {
  if (value === undefined) return fallback;
  if (value === 'x64' || value === 'arm64') return value;
  throw new JitkitError('E_USAGE', `${command}: unknown architecture '${value}'; use --arch x64 or --arch arm64`);
}

/** The architecture of this process's CPU, for commands that run code; E_UNSUPPORTED elsewhere. */
export function hostArchitecture(command: string): Architecture {
  if (process.arch === 'x64' || process.arch === 'arm64') return process.arch;
  throw new JitkitError('E_UNSUPPORTED', `${command}: jitkit assembles for x64 and arm64, and this CPU is ${process.arch}`);
}

/** `--base 0x401000` (or decimal): the load address that absolute branch targets are relative to. */
export function parseBase(command: string, value: string | undefined): bigint {
  if (value === undefined) return 0n;
  const text = value.trim().replace(/_/g, '');
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(text)) throw new JitkitError('E_USAGE', `${command}: --base '${value}' is not an address; write it as 0x401000 or 4198400`);
  const base = BigInt(text);
  if (base >= 1n << 64n) throw new JitkitError('E_USAGE', `${command}: --base ${value} does not fit 64 bits`);
  return base;
}

/** Intel syntax for x64 (parser in src/x64/text), LLVM syntax for arm64 (src/arm64). */
export function assembleText(architecture: Architecture, text: string, base: bigint): Uint8Array {
  return architecture === 'x64' ? assembleX64(text, base) : assembleArm64(text, base);
}

/** Decodes `bytes` loaded at `base`: iced-x86 for x64, jitkit's own A64 decoder for arm64. */
export function disassembleBytes(architecture: Architecture, bytes: Uint8Array, base: bigint): ListingLine[] {
  if (architecture === 'x64') {
    return disassembleX64(bytes, base).map((line) => {
      // a RIP-relative operand shows its displacement; the comment gives the address it reaches
      const target = line.target === undefined ? '' : `0x${line.target.toString(16)}`;
      const text = target !== '' && !line.text.includes(target) ? `${line.text}  # ${target}` : line.text;
      return { address: line.address, bytes: line.bytes, text };
    });
  }
  const texts = disassembleArm64(bytes, base);
  // one line per 4-byte instruction word, then one `.byte` line per byte of a trailing partial word
  const words = Math.floor(bytes.length / 4);
  if (texts.length !== words + (bytes.length % 4)) {
    throw new JitkitError('E_UNSUPPORTED', `the A64 disassembler gave ${texts.length} lines for ${bytes.length} bytes; expected one per 4-byte word`);
  }
  return texts.map((text, i) => {
    const offset = i < words ? i * 4 : words * 4 + (i - words);
    return { address: base + BigInt(offset), bytes: bytes.slice(offset, i < words ? offset + 4 : offset + 1), text };
  });
}

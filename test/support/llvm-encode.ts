// Line-by-line encodings from llvm-mc (the project's independent oracle), for bulk comparisons: one
// llvm-mc process per batch, `-show-encoding` output zipped back to the input lines, rejected lines
// reported by llvm-mc on stderr as `<stdin>:LINE:COL: error: ...`.
import { spawnSync } from 'node:child_process';
import { LLVM_MC, type OracleArch } from './llvm-assemble.ts';

export type LlvmEncoding = { readonly bytes: Uint8Array } | { readonly error: string };

const ENCODE_ARGS: Record<OracleArch, string[]> = {
  x64: ['-triple=x86_64', '-x86-asm-syntax=intel', '-output-asm-variant=1', '-show-encoding'],
  arm64: ['-triple=aarch64', '-mattr=+neon,+lse,+fp-armv8', '-show-encoding'],
};

/** `extraArguments` go after the defaults, e.g. `-mattr=+fullfp16` for the A64 forms that need FEAT_FP16. */
export function llvmEncodeLines(lines: readonly string[], arch: OracleArch, batchSize = 8000, extraArguments: readonly string[] = []): LlvmEncoding[] {
  const results: LlvmEncoding[] = [];
  for (let start = 0; start < lines.length; start += batchSize) results.push(...encodeBatch(lines.slice(start, start + batchSize), arch, extraArguments));
  return results;
}

function encodeBatch(lines: readonly string[], arch: OracleArch, extraArguments: readonly string[]): LlvmEncoding[] {
  const run = spawnSync(LLVM_MC, [...ENCODE_ARGS[arch], ...extraArguments], { input: `${lines.join('\n')}\n`, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.error !== undefined) throw run.error;
  const errors = new Map<number, string>();
  for (const match of run.stderr.matchAll(/^<stdin>:(\d+):\d+: error: (.*)$/gm)) {
    const line = Number(match[1]) - 1;
    if (!errors.has(line)) errors.set(line, match[2]!);
  }
  const encodings = [...run.stdout.matchAll(/encoding: \[([^\]]*)\]/g)].map((match) =>
    match[1] === '' ? new Uint8Array(0) : Uint8Array.from(match[1]!.split(',').map((byte) => Number.parseInt(byte, 16))),
  );
  const results: LlvmEncoding[] = [];
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    const error = errors.get(i);
    if (error !== undefined) {
      results.push({ error });
      continue;
    }
    const bytes = encodings[next++];
    if (bytes === undefined) throw new Error(`llvm-mc produced fewer encodings than accepted lines (at line ${i + 1}: ${lines[i]})`);
    results.push({ bytes });
  }
  if (next !== encodings.length) throw new Error(`llvm-mc produced ${encodings.length} encodings for ${next} accepted lines`);
  return results;
}

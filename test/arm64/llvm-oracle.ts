import { spawnSync } from 'node:child_process';

/**
 * Expected encodings come from llvm-mc at test time, never from hard-coded bytes. One llvm-mc process
 * takes a whole batch; lines it rejects are reported by line number on stderr.
 */
export const LLVM_MC = '/usr/bin/llvm-mc';
const ARGS = ['-triple=aarch64', '-mattr=+neon,+lse,+fp-armv8', '-show-encoding'];

export type OracleResult = { readonly bytes: Uint8Array } | { readonly error: string };

export function llvmEncode(lines: readonly string[]): OracleResult[] {
  const input = lines.join('\n') + '\n';
  const run = spawnSync(LLVM_MC, ARGS, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.error !== undefined) throw run.error;
  const errors = new Map<number, string>();
  for (const match of run.stderr.matchAll(/^<stdin>:(\d+):\d+: error: (.*)$/gm)) {
    const line = Number(match[1]) - 1;
    if (!errors.has(line)) errors.set(line, match[2]!);
  }
  const encodings: Uint8Array[] = [];
  for (const match of run.stdout.matchAll(/encoding: \[([^\]]*)\]/g)) {
    encodings.push(Uint8Array.from(match[1]!.split(',').map((byte) => Number.parseInt(byte, 16))));
  }
  const results: OracleResult[] = [];
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    const error = errors.get(i);
    if (error !== undefined) results.push({ error });
    else {
      const bytes = encodings[next++];
      if (bytes === undefined) throw new Error(`llvm-mc produced fewer encodings than accepted lines (at line ${i + 1}: ${lines[i]})`);
      results.push({ bytes });
    }
  }
  if (next !== encodings.length) throw new Error(`llvm-mc produced ${encodings.length} encodings for ${next} accepted lines`);
  return results;
}

export function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

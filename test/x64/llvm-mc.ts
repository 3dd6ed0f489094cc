import { spawnSync } from 'node:child_process';

export const LLVM_MC = '/usr/bin/llvm-mc';

/** What llvm-mc made of one input line: its encoding, or the error it reported. */
export type LlvmResult = { bytes: number[] } | { error: string };

/**
 * Assembles many Intel-syntax lines with one llvm-mc process per batch. llvm-mc prints one
 * `# encoding: [...]` line per accepted instruction and reports rejected lines on stderr as
 * `<stdin>:LINE:COL: error: ...`, so the two streams are zipped back to input lines.
 */
export function assembleWithLlvmMc(lines: readonly string[], batchSize = 8000): LlvmResult[] {
  const results: LlvmResult[] = [];
  for (let start = 0; start < lines.length; start += batchSize) {
    results.push(...assembleBatch(lines.slice(start, start + batchSize)));
  }
  return results;
}

function assembleBatch(lines: readonly string[]): LlvmResult[] {
  const run = spawnSync(LLVM_MC, ['-triple=x86_64', '-x86-asm-syntax=intel', '-output-asm-variant=1', '-show-encoding'], {
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (run.error) throw run.error;
  const errors = new Map<number, string>();
  for (const match of run.stderr.matchAll(/^<stdin>:(\d+):\d+: error: (.*)$/gm)) {
    if (!errors.has(Number(match[1]))) errors.set(Number(match[1]), match[2]!);
  }
  const encodings = [...run.stdout.matchAll(/# encoding: \[([^\]]*)\]/g)].map((match) =>
    match[1]! === '' ? [] : match[1]!.split(',').map((byte) => parseInt(byte, 16)));
  const results: LlvmResult[] = [];
  let next = 0;
  for (let line = 1; line <= lines.length; line++) {
    const error = errors.get(line);
    if (error !== undefined) results.push({ error });
    else results.push({ bytes: encodings[next++] ?? [] });
  }
  if (next !== encodings.length) throw new Error(`llvm-mc gave ${encodings.length} encodings for ${next} accepted lines`);
  return results;
}

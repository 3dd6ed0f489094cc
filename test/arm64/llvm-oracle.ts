import { spawnSync } from 'node:child_process';
import { LLVM_MC } from '../support/llvm-assemble.ts';
import { llvmEncodeLines, type LlvmEncoding } from '../support/llvm-encode.ts';

/**
 * Expected encodings come from llvm-mc at test time, never from hard-coded bytes. One llvm-mc process
 * takes a whole batch; lines it rejects are reported by line number on stderr.
 */
export { LLVM_MC } from '../support/llvm-assemble.ts';

export type OracleResult = LlvmEncoding;

/**
 * The default attributes are `+neon,+lse,+fp-armv8`; `features` adds more (`['fullfp16']` for the
 * half-precision forms, which llvm-mc otherwise rejects with "instruction requires: fullfp16").
 */
export function llvmEncode(lines: readonly string[], features: readonly string[] = []): OracleResult[] {
  return llvmEncodeLines(lines, 'arm64', Number.MAX_SAFE_INTEGER, features.map((feature) => `-mattr=+${feature}`));
}

export { formatHex as hex } from '../../src/asm/hex.ts';

/**
 * llvm-mc's disassembly of each word (`--disassemble`), one text per word with the tab after the mnemonic
 * as a space, or undefined for a word llvm-mc does not decode. `features` as for llvmEncode.
 */
export function llvmDisassemble(words: readonly number[], features: readonly string[] = []): (string | undefined)[] {
  const input = words.map((word) => [0, 8, 16, 24].map((shift) => `0x${((word >>> shift) & 0xff).toString(16).padStart(2, '0')}`).join(',')).join('\n');
  const run = spawnSync(LLVM_MC, ['-triple=aarch64', '-mattr=+neon,+lse,+fp-armv8', ...features.map((feature) => `-mattr=+${feature}`), '--disassemble'], { input: `${input}\n`, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.error !== undefined) throw run.error;
  const invalid = new Set<number>();
  for (const match of run.stderr.matchAll(/^<stdin>:(\d+):\d+: warning: invalid instruction encoding$/gm)) invalid.add(Number(match[1]) - 1);
  const lines = run.stdout.split('\n').filter((line) => line.startsWith('\t') && !line.startsWith('\t.text')).map((line) => line.trim().replace(/\t/, ' '));
  let next = 0;
  const result = words.map((_, i) => (invalid.has(i) ? undefined : lines[next++]));
  if (next !== lines.length) throw new Error(`llvm-mc printed ${lines.length} instructions for ${next} valid words`);
  return result;
}

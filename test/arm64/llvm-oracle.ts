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

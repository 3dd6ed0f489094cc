import { llvmEncodeLines, type LlvmEncoding } from '../support/llvm-encode.ts';

/**
 * Expected encodings come from llvm-mc at test time, never from hard-coded bytes. One llvm-mc process
 * takes a whole batch; lines it rejects are reported by line number on stderr.
 */
export { LLVM_MC } from '../support/llvm-assemble.ts';

export type OracleResult = LlvmEncoding;

export function llvmEncode(lines: readonly string[]): OracleResult[] {
  return llvmEncodeLines(lines, 'arm64', Number.MAX_SAFE_INTEGER);
}

export { formatHex as hex } from '../../src/asm/hex.ts';

import { llvmEncodeLines } from '../support/llvm-encode.ts';

export { LLVM_MC } from '../support/llvm-assemble.ts';

/** What llvm-mc made of one input line: its encoding, or the error it reported. */
export type LlvmResult = { bytes: number[] } | { error: string };

/**
 * Assembles many Intel-syntax lines with one llvm-mc process per batch. llvm-mc prints one
 * `# encoding: [...]` line per accepted instruction and reports rejected lines on stderr as
 * `<stdin>:LINE:COL: error: ...`, so the two streams are zipped back to input lines.
 */
export function assembleWithLlvmMc(lines: readonly string[], batchSize = 8000): LlvmResult[] {
  return llvmEncodeLines(lines, 'x64', batchSize).map((result) => ('error' in result ? result : { bytes: [...result.bytes] }));
}

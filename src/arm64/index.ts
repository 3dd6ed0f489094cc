/**
 * AArch64 (A64) assembler, text parser, disassembler and AAPCS64 helpers.
 *
 *   import { Arm64Assembler, x0, w0, sp, mem, pre, post } from 'jitkit/arm64';
 *   const a = new Arm64Assembler();
 *   a.mov(w0, 42).ret();
 *   const code = a.finalize(0x10000n);
 *
 *   const same = a64`mov w0, #42; ret`.finalize();
 *   assembleArm64('mov w0, #42\nret');
 *   disassembleArm64(code); // ['mov w0, #42', 'ret']
 */
import { Arm64Assembler } from './assembler.ts';
import { disassemble } from './disassemble.ts';

export { Arm64Assembler, type Arm64AssemblerOptions } from './assembler.ts';
export type { Arm64Instructions } from './instruction-methods.ts';
export { a64 } from './template.ts';
export { decodeInstruction, disassemble, type DecodedInstruction } from './disassemble.ts';
export * from './registers.ts';
export {
  AddressingMode, ExtendOperand, LiteralOperand, Lo12Reference, MemoryOperand, NamedOperand, ShiftOperand, VectorList,
  asr, list, literal, lo12, lsl, lsr, msl, mem, post, pre, ror, sxtb, sxth, sxtw, sxtx, uxtb, uxth, uxtw, uxtx,
  conditionNames, prefetchOperations, systemRegisters, type ConditionName, type ExtendName, type ShiftName,
} from './operands.ts';
export * as aapcs64 from './abi.ts';
export { encodeBitmask, decodeBitmask, encodeFloat8, decodeFloat8 } from './immediates.ts';
export { planMoveImmediate, type MoveStep } from './mov-immediate.ts';
export { allForms, formsByMnemonic, signatures } from './table.ts';

/** Assembles LLVM-syntax A64 text into bytes for a load address of `base` (adrp and :lo12: depend on it). */
export function assembleArm64(text: string, base: bigint = 0n): Uint8Array {
  return new Arm64Assembler().assemble(text).finalize(base);
}

/** Disassembles A64 bytes to LLVM-style lines; with `base`, PC-relative targets get their address in a comment. */
export function disassembleArm64(bytes: Uint8Array, base?: bigint): string[] {
  return disassemble(bytes, base);
}

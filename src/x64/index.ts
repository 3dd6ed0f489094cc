/** The x86-64 assembler: registers, memory operands, the table-driven encoder and the fluent Assembler. */
export { Assembler } from './assembler.ts';
export type { Prefix } from './assembler.ts';
export * from './registers.ts';
export { Memory, memoryOf, ptr, byte, word, dword, qword, xmmword, ymmword, zmmword, memorySizeName } from './memory.ts';
export type { MemorySize, MemorySpec, Scale, IndexRegister } from './memory.ts';
export type { Operand, Immediate, BranchTarget } from './operand.ts';
export { FORMS, MNEMONICS, mnemonicId } from './instruction-set.ts';
export { Rounding, rnSae, rdSae, ruSae, rzSae, sae } from './rounding.ts';
export type { Form } from './form.ts';
export { rel8, rel32, abs64 } from './fixup-formats.ts';
export { writeNops } from './nops.ts';
export { SYSV, WIN64, hostConvention, emitPrologue, emitEpilogue } from './abi.ts';
export type { CallingConvention, Frame, FrameOptions } from './abi.ts';
// Assembly text (src/x64/text). Through the package's `x64` namespace the template reads `x64.asm`…``.
export { assembleX64, parseX64, disassembleX64, namedLabel, x64, x64 as asm } from './text/index.ts';
export type { X64Tag, X64DisassembledInstruction } from './text/index.ts';

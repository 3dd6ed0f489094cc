/** The x86-64 assembler: registers, memory operands, the table-driven encoder and the fluent Assembler. */
export { Assembler } from './assembler.ts';
export type { Prefix } from './assembler.ts';
export * from './registers.ts';
export { Memory, memoryOf, ptr, byte, word, dword, qword, xmmword, ymmword, zmmword, memorySizeName } from './memory.ts';
export type { MemorySize, MemorySpec, Scale, IndexRegister } from './memory.ts';
export type { Operand, Immediate, BranchTarget } from './operand.ts';
export { FORMS, MNEMONICS, mnemonicId } from './instruction-set.ts';
export type { Form } from './form.ts';
export { rel8, rel32, abs64 } from './fixup-formats.ts';
export { writeNops } from './nops.ts';
export { SYSV, WIN64, hostConvention, emitPrologue, emitEpilogue } from './abi.ts';
export type { CallingConvention, Frame, FrameOptions } from './abi.ts';

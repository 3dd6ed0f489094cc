/** x86-64 assembly text: the Intel-syntax parser, the `x64` tagged template and iced-x86 disassembly. */
export { assembleX64, parseX64 } from './assemble.ts';
export { x64 } from './template.ts';
export type { X64Tag } from './template.ts';
export { namedLabel } from './text-labels.ts';
export { disassembleX64 } from './disassemble.ts';
export type { X64DisassembledInstruction } from './disassemble.ts';

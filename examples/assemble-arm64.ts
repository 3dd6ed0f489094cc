// The AArch64 assembler: fluent API, text template, literal pool, and the table-driven disassembler.
// Assembling runs on any host; running the code needs arm64. Run: node --import tsx examples/assemble-arm64.ts
import { arm64, formatHex } from '../src/index.ts';

const { Arm64Assembler, a64, x0, w0, w1, disassemble } = arm64;

// uint64 count_down(uint64 n): a loop with a backward conditional branch
const loop = a64`
  mov x1, #0
loop:
  add x1, x1, #1
  subs x0, x0, #1
  b.ne loop
  mov x0, x1
  ret`;
console.log(formatHex(loop.finalize()));

// The fluent API: any 64-bit constant in the fewest instructions (movz/movn/movk or orr)
const a = new Arm64Assembler();
a.mov(x0, 0x1234_0000_0000_5678n).add(w0, w0, w1).ret();
const bytes = a.finalize();
for (const line of disassemble(bytes)) console.log(line);

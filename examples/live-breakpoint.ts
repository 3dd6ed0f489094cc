// A software breakpoint: the first byte of `sub rax, rdi` becomes int3. jitkit's SIGTRAP handler
// (generated machine code, chained to any earlier handler) counts the hit, records the registers and
// resumes at an out-of-line copy of the instruction. remove() restores the exact bytes.
// x86-64 code, Linux. Run: node --import tsx examples/live-breakpoint.ts
import { CodeHeap, breakpoint, compile, formatHex, x64 } from '../src/index.ts';

const heap = new CodeHeap({ policy: 'dual' });
const subtract = compile(x64.assembleX64('mov rax, rsi\nsub rax, rdi\nret'), 'int64 (int64, int64)', { heap });
const original = formatHex(subtract.block.read(0, 7));
const bp = breakpoint(subtract, 3);
console.log(`${formatHex(subtract.block.read(0, 7))}`);
console.log(`${subtract(2n, 50n)} hits=${bp.hits} rdi=${bp.registers?.rdi} rsi=${bp.registers?.rsi}`);
bp.remove();
console.log(`restored=${formatHex(subtract.block.read(0, 7)) === original} ${subtract(2n, 50n)} hits=${bp.hits}`);
bp.release();
subtract.dispose();
heap.dispose();

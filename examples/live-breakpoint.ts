// A software breakpoint: `sub` becomes a trap (x86-64: its first byte int3; AArch64: the word brk #0x6a6b).
// jitkit's SIGTRAP handler (generated machine code, chained to any earlier handler) counts the hit, records
// the registers and resumes at an out-of-line copy of the instruction. remove() restores the exact bytes.
// Linux, x86-64 or AArch64. Run: node --import tsx examples/live-breakpoint.ts
import { CodeHeap, arm64, breakpoint, compile, formatHex, x64, type AnyRegisterState } from '../src/index.ts';

const onArm64 = process.arch === 'arm64';
// int64 subtract(int64 a, int64 b) = b - a; a and b arrive in rdi/rsi (x0/x1).
const code = onArm64 ? arm64.assembleArm64('mov x2, x1\nsub x0, x2, x0\nret') : x64.assembleX64('mov rax, rsi\nsub rax, rdi\nret');
const [at, a, b] = onArm64 ? [4, 'x0', 'x1'] : [3, 'rdi', 'rsi'];

const heap = new CodeHeap({ policy: process.env['JITKIT_EMULATOR'] === 'qemu-user' ? 'wx' : 'dual' });
const subtract = compile(code, 'int64 (int64, int64)', { heap });
const original = formatHex(subtract.block.read());
const bp = breakpoint<AnyRegisterState>(subtract, at);
console.log(formatHex(subtract.block.read()));
const registers = () => bp.registers as unknown as Record<string, bigint> | null;
console.log(`${subtract(2n, 50n)} hits=${bp.hits} ${a}=${registers()?.[a]} ${b}=${registers()?.[b]}`);
bp.remove();
console.log(`restored=${formatHex(subtract.block.read()) === original} ${subtract(2n, 50n)} hits=${bp.hits}`);
bp.release();
subtract.dispose();
heap.dispose();

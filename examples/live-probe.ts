// A probe: the loop body `add rax, 1000` becomes a jump to a stub that counts hits in native memory,
// calls JS with the registers, runs the add out of line and jumps back. remove() restores the bytes.
// x86-64 code. Run: node --import tsx examples/live-probe.ts
import { CodeHeap, compile, formatHex, probe, x64 } from '../src/index.ts';

const heap = new CodeHeap({ policy: 'dual' });
const sum = compile(x64.assembleX64('xor eax, eax\nmov rcx, rdi\ntop: add rax, 1000\ndec rcx\njnz top\nret'), 'int64 (int64)', { heap });
const original = formatHex(sum.block.read(0, 17));
const counts: bigint[] = [];
const p = probe(sum, 5, (registers) => counts.push(registers.rcx));
console.log(`${sum(3n)} hits=${p.hits} rcx=${counts.join(',')}`);
p.remove();
console.log(`restored=${formatHex(sum.block.read(0, 17)) === original} ${sum(3n)} hits=${p.hits}`);
p.releaseStub();
sum.dispose();
heap.dispose();

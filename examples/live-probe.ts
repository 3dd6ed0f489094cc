// A probe: the loop body's add becomes a jump to a stub that counts hits in native memory, calls JS with the
// registers, runs the add out of line and jumps back. remove() restores the bytes.
// x86-64 (jmp rel32 over the 6-byte add) or AArch64 (one b over the 4-byte add), whichever this process is.
// Run: node --import tsx examples/live-probe.ts
import { CodeHeap, arm64, compile, formatHex, probe, x64, type AnyRegisterState } from '../src/index.ts';

const onArm64 = process.arch === 'arm64';
// int64 sum(int64 n) = n * 1000, counting n down in rcx / x1.
const code = onArm64
  ? arm64.assembleArm64('mov x1, x0\nmov x0, #0\ntop: add x0, x0, #1000\nsubs x1, x1, #1\nb.ne top\nret')
  : x64.assembleX64('xor eax, eax\nmov rcx, rdi\ntop: add rax, 1000\ndec rcx\njnz top\nret');
const body = onArm64 ? 8 : 5;
const counter = onArm64 ? 'x1' : 'rcx';

// Under qemu-user (the arm64 test lane) code rewritten through the dual alias is not re-translated: use wx there.
const heap = new CodeHeap({ policy: process.env['JITKIT_EMULATOR'] === 'qemu-user' ? 'wx' : 'dual' });
const sum = compile(code, 'int64 (int64)', { heap });
const original = formatHex(sum.block.read());
const counts: bigint[] = [];
const p = probe<AnyRegisterState>(sum, body, (registers) => counts.push((registers as unknown as Record<string, bigint>)[counter]!));
console.log(`${sum(3n)} hits=${p.hits} ${counter}=${counts.join(',')}`);
p.remove();
console.log(`restored=${formatHex(sum.block.read()) === original} ${sum(3n)} hits=${p.hits}`);
p.releaseStub();
sum.dispose();
heap.dispose();

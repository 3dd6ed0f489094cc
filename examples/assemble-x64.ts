// The x86-64 fluent assembler: labels with size-optimal jumps, memory operands, AVX-512 masking, and the
// resulting bytes run as a typed function. x86-64 host. Run: node --import tsx examples/assemble-x64.ts
import { compile, formatHex, x64 } from '../src/index.ts';

const { Assembler, rax, rdi, rsi, rcx, qword } = x64;

// int64 sum(int64 *values, size_t count)
const a = new Assembler();
const loop = a.label('loop');
const done = a.label('done');
a.xor(rax, rax)
  .test(rsi, rsi)
  .jz(done) // forward jump: encoded as rel8 because the target turns out to be near
  .xor(rcx, rcx)
  .bind(loop)
  .add(rax, qword(rdi, rcx, 8))
  .inc(rcx)
  .cmp(rcx, rsi)
  .jne(loop) // backward jump: rel8
  .bind(done)
  .ret();
const code = a.finalize();
console.log(formatHex(code));

const sum = compile(code, 'int64 (int64 *, size_t)');
console.log(sum(new BigInt64Array([1n, 2n, 3n, 4n]), 4)); // 10n
sum.dispose();

// AVX-512 with a write mask and zeroing, broadcast from memory: vaddps zmm1{k1}{z}, zmm2, dword [rax]{1to16}
const v = new Assembler();
v.vaddps(x64.zmm1.k(x64.k1).z(), x64.zmm2, x64.dword(rax).broadcastTo());
console.log(formatHex(v.finalize()));

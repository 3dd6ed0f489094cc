import { assembleX64, parseX64, x64 } from '../src/x64/text/index.ts';
import { Assembler } from '../src/x64/assembler.ts';
import { eax, rax, rcx, rdi } from '../src/x64/registers.ts';
import { compareNsPerOp, consume } from './lib/measure.ts';
import type { BenchOptions, BenchResult } from './lib/types.ts';

/**
 * Intel-syntax parser throughput in source lines per second, on the instruction mix of x64-encode.ts
 * written as text (GP with memory operands, SSE, AVX2, FMA, AVX-512 with masking, a label and a
 * backward branch to it). Each line is parsed, encoded and laid out by `finalize`, so the figure is the
 * whole text → bytes path; the template row interpolates registers, a displacement and a label instead.
 */
function block(label: string): string {
  return `${label}: mov eax, 42
add rax, qword ptr [rdi + rcx*8 + 16]
mov qword ptr [rsp + 8], rbx
lea rax, [rdi + rsi*4 + 64]
imul ecx, edx
xor eax, eax
cmp rax, 10
movups xmm0, xmmword ptr [rsi]
addsd xmm1, xmm2
vpaddd ymm1, ymm2, ymm3
vfmadd231pd ymm0, ymm1, ymmword ptr [rdx + 32]
vaddps zmm1 {k1}{z}, zmm2, zmmword ptr [rax + rcx*4 + 128]
vpternlogd zmm3, zmm4, zmm5, 0xff
jne ${label}`;
}

const LINES_PER_BLOCK = 14;

export async function run(options: BenchOptions): Promise<BenchResult[]> {
  const blocks = options.quick ? 100 : 1000;
  const text = Array.from({ length: blocks }, (_, i) => block(`L${i}`)).join('\n');
  const lines = blocks * LINES_PER_BLOCK;
  const templateLines = 3;
  const ns = compareNsPerOp(
    [
      { name: 'text', op: (iterations) => { for (let i = 0; i < iterations; i++) consume(assembleX64(text)); } },
      { name: 'parse only', op: (iterations) => { for (let i = 0; i < iterations; i++) consume(parseX64(text, new Assembler())); } },
      {
        name: 'template',
        op: (iterations) => {
          for (let i = 0; i < iterations; i++) {
            const a = new Assembler();
            for (let b = 0; b < blocks; b++) {
              const top = a.label();
              x64.into(a)`${top}: mov ${eax}, ${b}
add ${rax}, qword ptr [${rdi} + ${rcx}*8 + ${16}]
jne ${top}`;
            }
            consume(a.finalize());
          }
        },
      },
    ],
    { iterations: options.quick ? 3 : 10, rounds: options.quick ? 3 : 7 },
  );
  return [
    { name: 'x64 text → bytes (parse + encode + finalize)', value: lines / ns.get('text')! * 1e3, unit: 'M lines/s', note: 'target >= 5' },
    { name: 'x64 text → Assembler (parse + encode, no layout)', value: lines / ns.get('parse only')! * 1e3, unit: 'M lines/s' },
    { name: 'x64 template with interpolated operands', value: (blocks * templateLines) / ns.get('template')! * 1e3, unit: 'M lines/s' },
  ];
}

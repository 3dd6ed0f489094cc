import { Arm64Assembler } from '../src/arm64/assembler.ts';
import { lsl, mem, post, pre } from '../src/arm64/operands.ts';
import { d0, d1, d2, sp, v0, v1, v2, w0, w1, w2, x0, x1, x2, x3, x19, x29, x30 } from '../src/arm64/registers.ts';
import { consume } from './lib/measure.ts';

/**
 * A64 encoding throughput: a fixed mixed stream (arithmetic, logical immediates, moves, loads/stores,
 * pairs, compares, branches to labels, FP and vector ops) through the fluent API, and the same stream as
 * text through the parser. Memory operands are built once, as a code generator would keep them.
 */

const INSTRUCTIONS_PER_BLOCK = 24;
const slot8 = mem(x1, 8);
const slot16 = mem(sp, 16);
const push = pre(sp, -16);
const pop = post(sp, 16);
const indexed = mem(x1, x2, 'lsl', 3);
const shift2 = lsl(2);

function emitBlock(a: Arm64Assembler): void {
  const done = a.newLabel();
  a.stp(x29, x30, push)
    .mov(x29, sp)
    .add(x0, x1, 16)
    .add(x0, x0, x2, shift2)
    .sub(w0, w1, w2)
    .and(x3, x0, 0xff)
    .orr(w1, w2, 0x0f0f0f0f)
    .mov(x2, x1)
    .mov(w0, 42)
    .ldr(x0, slot8)
    .str(x2, slot16)
    .ldr(x3, indexed)
    .cmp(x0, 100)
    .b_ne(done)
    .madd(x0, x1, x2, x3)
    .lsl(x19, x0, 3)
    .csel(x0, x1, x2, 'lt')
    .fadd(d0, d1, d2)
    .fmul(v0.s4, v1.s4, v2.s4)
    .cbz(x0, done)
    .bind(done)
    .eor(x1, x1, x0)
    .ldp(x29, x30, pop)
    .nop()
    .ret();
}

const blockText = `
  stp x29, x30, [sp, #-16]!
  mov x29, sp
  add x0, x1, #16
  add x0, x0, x2, lsl #2
  sub w0, w1, w2
  and x3, x0, #0xff
  orr w1, w2, #0x0f0f0f0f
  mov x2, x1
  mov w0, #42
  ldr x0, [x1, #8]
  str x2, [sp, #16]
  ldr x3, [x1, x2, lsl #3]
  cmp x0, #100
  b.ne 1f
  madd x0, x1, x2, x3
  lsl x19, x0, #3
  csel x0, x1, x2, lt
  fadd d0, d1, d2
  fmul v0.4s, v1.4s, v2.4s
  cbz x0, 1f
1:
  eor x1, x1, x0
  ldp x29, x30, [sp], #16
  nop
  ret`;

/**
 * Units per second of this process's CPU time (user + system), not wall time: the machines this runs on
 * are shared, and CPU time is what the encoder itself costs. GC helper threads count too, so it is not flattering.
 */
function measure(seconds: number, body: () => number): { cpu: number; wall: number } {
  let units = 0;
  const startWall = process.hrtime.bigint();
  const startCpu = process.cpuUsage();
  const limit = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < limit) {
    units += body();
    elapsed = process.hrtime.bigint() - startWall;
  }
  const cpu = process.cpuUsage(startCpu);
  return { cpu: units / ((cpu.user + cpu.system) / 1e6), wall: units / (Number(elapsed) / 1e9) };
}

/**
 * The emission loop, in a function of its own: V8 compiles a long loop on the stack (OSR) before the code
 * after it has run, and an OSR'd loop that shared a function with `finalize` deoptimized at the loop's exit
 * on every round. `finalize` is called by the round, after the loop function has returned.
 */
function emitBlocks(a: Arm64Assembler, blocks: number): void {
  for (let b = 0; b < blocks; b++) emitBlock(a);
}

function fluentRound(blocks: number): number {
  const a = new Arm64Assembler({ initialCapacity: blocks * INSTRUCTIONS_PER_BLOCK * 4 });
  emitBlocks(a, blocks);
  consume(a.finalize());
  return blocks * INSTRUCTIONS_PER_BLOCK;
}

export async function run(options: { quick: boolean }): Promise<Array<{ name: string; value: number; unit: string; note?: string }>> {
  const seconds = options.quick ? 0.3 : 2;
  const blocksPerRound = 4096;
  // Warm up so the measurement sees optimized code: short rounds first, so every path of a round (finalize
  // included) has run before V8 optimizes the round, then full ones.
  for (let i = 0; i < 2000; i++) fluentRound(4);
  for (let i = 0; i < 20; i++) fluentRound(blocksPerRound);
  const fluentRate = measure(seconds, () => fluentRound(blocksPerRound));

  const textBlocks = options.quick ? 64 : 256;
  const text = blockText.replace(/1:/g, 'L_done:').replace(/1f/g, 'L_done');
  const program = Array.from({ length: textBlocks }, (_, i) => text.replace(/L_done/g, `L_done_${i}`)).join('\n');
  const lines = program.split('\n').filter((line) => line.trim() !== '').length;
  for (let i = 0; i < 3; i++) new Arm64Assembler().assemble(program).finalize();
  const textRate = measure(seconds, () => {
    new Arm64Assembler().assemble(program).finalize();
    return lines;
  });

  const stream = `mixed stream of ${INSTRUCTIONS_PER_BLOCK} instructions incl. 2 label branches, finalize included`;
  return [
    { name: 'arm64 fluent encode', value: fluentRate.cpu / 1e6, unit: 'M instr/s', note: `per CPU second; ${stream}` },
    { name: 'arm64 fluent encode (wall clock)', value: fluentRate.wall / 1e6, unit: 'M instr/s', note: 'wall clock, sensitive to other load on the machine' },
    { name: 'arm64 text parse+encode', value: textRate.cpu, unit: 'lines/s', note: 'per CPU second; the same stream as LLVM-syntax text' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of await run({ quick: process.argv.includes('--quick') })) {
    console.log(`${result.name}: ${result.value.toFixed(2)} ${result.unit}${result.note ? ` (${result.note})` : ''}`);
  }
}

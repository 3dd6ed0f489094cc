import { Code, Encoder, Instruction, MemoryOperand, Register as R } from 'iced-x86';
import { Assembler } from '../src/x64/assembler.ts';
import { eax, ecx, edx, k1, ptr, qword, rax, rbx, rcx, rdi, rdx, rsi, rsp, xmm0, xmm1, xmm2, xmmword, ymm0, ymm1, ymm2, ymm3, ymmword, zmm1, zmm2, zmm3, zmm4, zmm5, zmmword } from '../src/x64/index.ts';
import { compareNsPerOp, consume } from './lib/measure.ts';
import type { BenchResult } from './lib/types.ts';

/**
 * x86-64 encoding throughput: one fixed mixed block (GP with memory operands, SSE, AVX2, FMA, AVX-512
 * with masking, a backward branch to a label) through jitkit's fluent API — including label relaxation
 * and `finalize` — and the same block through iced-x86's Encoder with pre-built Instruction objects.
 * Operands are built once, as a code generator keeps them.
 */

const BLOCK = 14;
const indexed = qword(rdi, rcx, 8, 16);
const spill = qword(rsp, 8);
const address = ptr(rdi, rsi, 4, 64);
const vector = xmmword(rsi);
const ymmMemory = ymmword(rdx, 32);
const zmmMemory = zmmword(rax, rcx, 4, 128);
const maskedZmm1 = zmm1.k(k1).z();

/**
 * One block, emitted the way a code generator emits: a function called per unit of work. (A single loop
 * holding both the emission and `finalize` would be measured through V8's on-stack replacement, which
 * compiles the loop before `finalize` has run and then deoptimizes at the loop exit on every call.)
 */
function jitkitBlock(a: Assembler): void {
  const top = a.label();
  a.bind(top)
    .mov(eax, 42)
    .add(rax, indexed)
    .mov(spill, rbx)
    .lea(rax, address)
    .imul(ecx, edx)
    .xor(eax, eax)
    .cmp(rax, 10)
    .movups(xmm0, vector)
    .addsd(xmm1, xmm2)
    .vpaddd(ymm1, ymm2, ymm3)
    .vfmadd231pd(ymm0, ymm1, ymmMemory)
    .vaddps(maskedZmm1, zmm2, zmmMemory)
    .vpternlogd(zmm3, zmm4, zmm5, 0xff)
    .jne(top);
}

function jitkitBlocks(blocks: number): void {
  const a = new Assembler();
  for (let i = 0; i < blocks; i++) jitkitBlock(a);
  consume(a.finalize());
}

function icedBlock(): Instruction[] {
  const memory = (base: R, index: R, scale: number, displacement: bigint): MemoryOperand =>
    new MemoryOperand(base, index, scale, displacement, displacement === 0n ? 0 : 1, false, R.None);
  const masked = Instruction.createRegRegMem(Code.EVEX_Vaddps_zmm_k1z_zmm_zmmm512b32_er, R.ZMM1, R.ZMM2, memory(R.RAX, R.RCX, 4, 128n));
  masked.opMask = R.K1;
  masked.zeroingMasking = true;
  const ternary = Instruction.createRegRegRegU32(Code.EVEX_Vpternlogd_zmm_k1z_zmm_zmmm512b32_imm8, R.ZMM3, R.ZMM4, R.ZMM5, 0xff);
  return [
    Instruction.createRegI32(Code.Mov_r32_imm32, R.EAX, 42),
    Instruction.createRegMem(Code.Add_r64_rm64, R.RAX, memory(R.RDI, R.RCX, 8, 16n)),
    Instruction.createMemReg(Code.Mov_rm64_r64, memory(R.RSP, R.None, 1, 8n), R.RBX),
    Instruction.createRegMem(Code.Lea_r64_m, R.RAX, memory(R.RDI, R.RSI, 4, 64n)),
    Instruction.createRegReg(Code.Imul_r32_rm32, R.ECX, R.EDX),
    Instruction.createRegReg(Code.Xor_rm32_r32, R.EAX, R.EAX),
    Instruction.createRegI32(Code.Cmp_rm64_imm8, R.RAX, 10),
    Instruction.createRegMem(Code.Movups_xmm_xmmm128, R.XMM0, memory(R.RSI, R.None, 1, 0n)),
    Instruction.createRegReg(Code.Addsd_xmm_xmmm64, R.XMM1, R.XMM2),
    Instruction.createRegRegReg(Code.VEX_Vpaddd_ymm_ymm_ymmm256, R.YMM1, R.YMM2, R.YMM3),
    Instruction.createRegRegMem(Code.VEX_Vfmadd231pd_ymm_ymm_ymmm256, R.YMM0, R.YMM1, memory(R.RDX, R.None, 1, 32n)),
    masked,
    ternary,
  ];
}

/** The iced side has the same shape: one function per block, the loop and the buffer hand-off outside it. */
function icedBlockAt(block: Instruction[], encoder: Encoder, rip: bigint): bigint {
  const top = rip;
  for (const instruction of block) rip += BigInt(encoder.encode(instruction, rip));
  // a backward branch to the top of the block, as the label in the jitkit stream
  const branch = Instruction.createBranch(Code.Jne_rel8_64, top);
  rip += BigInt(encoder.encode(branch, rip));
  branch.free();
  return rip;
}

function icedBlocks(blocks: number, block: Instruction[], encoder: Encoder): void {
  let rip = 0n;
  for (let i = 0; i < blocks; i++) rip = icedBlockAt(block, encoder, rip);
  consume(encoder.takeBuffer());
}

export async function run(options: { quick: boolean }): Promise<BenchResult[]> {
  const blocks = options.quick ? 2_000 : 20_000;
  const rounds = options.quick ? 3 : 7;
  const block = icedBlock();
  const encoder = new Encoder(64);
  // let both sides see their whole path (including finalize / takeBuffer) before the timed rounds
  for (let i = 0; i < 50; i++) {
    jitkitBlocks(1);
    icedBlocks(1, block, encoder);
  }
  const nsPerBlock = compareNsPerOp(
    [
      { name: 'jitkit', op: (iterations) => jitkitBlocks(iterations) },
      { name: 'iced', op: (iterations) => icedBlocks(iterations, block, encoder) },
    ],
    { iterations: blocks, rounds },
  );
  for (const instruction of block) instruction.free();
  encoder.free();
  const perSecond = (name: string): number => 1e3 / (nsPerBlock.get(name)! / BLOCK);
  return [
    { name: 'fluent Assembler (incl. relaxation + finalize)', value: perSecond('jitkit'), unit: 'M instr/s', note: `${BLOCK}-instruction mixed block × ${blocks}` },
    { name: 'iced-x86 Encoder (same stream)', value: perSecond('iced'), unit: 'M instr/s', note: 'pre-built Instruction objects, wasm' },
  ];
}

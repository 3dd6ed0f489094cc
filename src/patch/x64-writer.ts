import { JitkitError } from '../errors.ts';

/**
 * A small x86-64 byte writer for the stubs live patching needs (jumps, saves and restores, counters,
 * the SIGTRAP handler). It knows only the handful of encodings below, each checked against `llvm-mc` in
 * test/patch/x64-writer.test.ts. It exists because the general x64 assembler (`src/x64`) has no fluent
 * API yet; once it has, these stubs should be written with it.
 *
 * Registers are numbered as the hardware numbers them: rax=0 … rdi=7, r8=8 … r15=15.
 */
export const RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
export const R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

export type X64Register = number;
export type Condition = 'e' | 'ne' | 'b' | 'ae';
const CONDITION_CODE: Record<Condition, number> = { b: 0x2, ae: 0x3, e: 0x4, ne: 0x5 };

interface PendingBranch {
  readonly at: number; // offset of the rel32 field
  readonly label: string;
}

export class X64Writer {
  private bytes: number[] = [];
  private readonly labels = new Map<string, number>();
  private readonly branches: PendingBranch[] = [];

  get offset(): number {
    return this.bytes.length;
  }

  /** The encoded bytes with every branch to a label resolved. */
  finish(): Uint8Array {
    const out = Uint8Array.from(this.bytes);
    const view = new DataView(out.buffer);
    for (const branch of this.branches) {
      const target = this.labels.get(branch.label);
      if (target === undefined) throw new JitkitError('E_LABEL', `stub label '${branch.label}' was used but never bound`);
      view.setInt32(branch.at, target - (branch.at + 4), true);
    }
    return out;
  }

  label(name: string): this {
    if (this.labels.has(name)) throw new JitkitError('E_LABEL', `stub label '${name}' bound twice`);
    this.labels.set(name, this.bytes.length);
    return this;
  }

  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.bytes.push(bytes[i]! & 0xff);
    return this;
  }

  /** Pads with `int3` up to a multiple of `alignment`, so a stray jump into padding traps. */
  alignWithTraps(alignment: number): this {
    while (this.bytes.length % alignment !== 0) this.bytes.push(0xcc);
    return this;
  }

  private u32(value: number): void {
    this.bytes.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }

  private u64(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    for (let i = 0; i < 8; i++) {
      this.bytes.push(Number(v & 0xffn));
      v >>= 8n;
    }
  }

  /** REX prefix; W selects 64-bit operand size, R/X/B extend ModRM.reg, SIB.index and ModRM.rm/base. */
  private rex(w: boolean, reg: number, base: number, force = false): void {
    const value = 0x40 | (w ? 8 : 0) | ((reg >> 3) & 1) << 2 | ((base >> 3) & 1);
    if (value !== 0x40 || force) this.bytes.push(value);
  }

  /** ModRM (+SIB, +displacement) for `[base + disp]`: rsp/r12 as base need a SIB byte, rbp/r13 need a displacement. */
  private memory(reg: number, base: number, disp: number): void {
    const low = base & 7;
    const mod = disp === 0 && low !== RBP ? 0 : disp >= -128 && disp <= 127 ? 1 : 2;
    this.bytes.push((mod << 6) | ((reg & 7) << 3) | low);
    if (low === RSP) this.bytes.push(0x24);
    if (mod === 1) this.bytes.push(disp & 0xff);
    if (mod === 2) this.u32(disp);
  }

  private direct(reg: number, rm: number): void {
    this.bytes.push(0xc0 | ((reg & 7) << 3) | (rm & 7));
  }

  // ---- control flow ----

  /** `jmp rel32` to an absolute address, given the address this stub will run at. */
  jmpTo(target: bigint, stubAddress: bigint): this {
    this.bytes.push(0xe9);
    this.u32(Number(rel32(target, stubAddress + BigInt(this.bytes.length + 4))));
    return this;
  }

  /** `call rel32` to an absolute address. */
  callTo(target: bigint, stubAddress: bigint): this {
    this.bytes.push(0xe8);
    this.u32(Number(rel32(target, stubAddress + BigInt(this.bytes.length + 4))));
    return this;
  }

  /** `jmp rel32` to a label of this stub. */
  jmp(label: string): this {
    this.bytes.push(0xe9);
    this.branches.push({ at: this.bytes.length, label });
    this.u32(0);
    return this;
  }

  /** `jcc rel32` to a label of this stub. */
  jcc(condition: Condition, label: string): this {
    this.bytes.push(0x0f, 0x80 | CONDITION_CODE[condition]);
    this.branches.push({ at: this.bytes.length, label });
    this.u32(0);
    return this;
  }

  /** `jmp reg` */
  jmpRegister(reg: X64Register): this {
    this.rex(false, 0, reg);
    this.bytes.push(0xff);
    this.direct(4, reg);
    return this;
  }

  /** `call reg` */
  callRegister(reg: X64Register): this {
    this.rex(false, 0, reg);
    this.bytes.push(0xff);
    this.direct(2, reg);
    return this;
  }

  /** `jmp qword [base + disp]` */
  jmpMemory(base: X64Register, disp = 0): this {
    this.rex(false, 0, base);
    this.bytes.push(0xff);
    this.memory(4, base, disp);
    return this;
  }

  ret(): this {
    this.bytes.push(0xc3);
    return this;
  }

  int3(): this {
    this.bytes.push(0xcc);
    return this;
  }

  /** `syscall`: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9; clobbers rcx and r11. */
  syscall(): this {
    this.bytes.push(0x0f, 0x05);
    return this;
  }

  /** `pause`: the spin-wait hint. */
  pause(): this {
    this.bytes.push(0xf3, 0x90);
    return this;
  }

  // ---- moves ----

  /** `mov reg, imm64` (movabs). */
  movImm64(reg: X64Register, value: bigint): this {
    this.rex(true, 0, reg);
    this.bytes.push(0xb8 | (reg & 7));
    this.u64(value);
    return this;
  }

  /** `mov reg32, imm32` (zero-extends into the 64-bit register). */
  movImm32(reg: X64Register, value: number): this {
    this.rex(false, 0, reg);
    this.bytes.push(0xb8 | (reg & 7));
    this.u32(value);
    return this;
  }

  /** `mov dst, src` (64-bit). */
  movRegister(dst: X64Register, src: X64Register): this {
    this.rex(true, src, dst);
    this.bytes.push(0x89);
    this.direct(src, dst);
    return this;
  }

  /** `mov dst, qword [base + disp]` */
  load(dst: X64Register, base: X64Register, disp = 0): this {
    this.rex(true, dst, base);
    this.bytes.push(0x8b);
    this.memory(dst, base, disp);
    return this;
  }

  /** `mov qword [base + disp], src` */
  store(base: X64Register, disp: number, src: X64Register): this {
    this.rex(true, src, base);
    this.bytes.push(0x89);
    this.memory(src, base, disp);
    return this;
  }

  /** `mov dword [base + disp], imm32` */
  storeImm32(base: X64Register, disp: number, value: number): this {
    this.rex(false, 0, base);
    this.bytes.push(0xc7);
    this.memory(0, base, disp);
    this.u32(value);
    return this;
  }

  /** `lea dst, [base + disp]` (leaves the flags alone, unlike add/sub). */
  lea(dst: X64Register, base: X64Register, disp: number): this {
    this.rex(true, dst, base);
    this.bytes.push(0x8d);
    this.memory(dst, base, disp);
    return this;
  }

  // ---- arithmetic and atomics ----

  /** `cmp reg, qword [base + disp]` */
  compareMemory(reg: X64Register, base: X64Register, disp = 0): this {
    this.rex(true, reg, base);
    this.bytes.push(0x3b);
    this.memory(reg, base, disp);
    return this;
  }

  /** `cmp dword [base + disp], imm8` */
  compareDwordImm8(base: X64Register, disp: number, value: number): this {
    this.rex(false, 0, base);
    this.bytes.push(0x83);
    this.memory(7, base, disp);
    this.bytes.push(value & 0xff);
    return this;
  }

  /** `cmp reg, imm8` (64-bit, sign-extended immediate). */
  compareImm8(reg: X64Register, value: number): this {
    this.rex(true, 0, reg);
    this.bytes.push(0x83);
    this.direct(7, reg);
    this.bytes.push(value & 0xff);
    return this;
  }

  /** `test reg, reg` (64-bit). */
  test(reg: X64Register): this {
    this.rex(true, reg, reg);
    this.bytes.push(0x85);
    this.direct(reg, reg);
    return this;
  }

  /** `add reg, imm8` (64-bit, sign-extended). */
  addImm8(reg: X64Register, value: number): this {
    this.rex(true, 0, reg);
    this.bytes.push(0x83);
    this.direct(0, reg);
    this.bytes.push(value & 0xff);
    return this;
  }

  /** `sub reg, imm32` (64-bit). */
  subImm32(reg: X64Register, value: number): this {
    this.rex(true, 0, reg);
    this.bytes.push(0x81);
    this.direct(5, reg);
    this.u32(value);
    return this;
  }

  /** `and reg, imm8` (64-bit, sign-extended): `and rsp, -16` aligns the stack for a call. */
  andImm8(reg: X64Register, value: number): this {
    this.rex(true, 0, reg);
    this.bytes.push(0x83);
    this.direct(4, reg);
    this.bytes.push(value & 0xff);
    return this;
  }

  /** `dec reg` (64-bit). */
  decrement(reg: X64Register): this {
    this.rex(true, 0, reg);
    this.bytes.push(0xff);
    this.direct(1, reg);
    return this;
  }

  /** `xor reg32, reg32` (zeroes the 64-bit register). */
  zero(reg: X64Register): this {
    this.rex(false, reg, reg);
    this.bytes.push(0x31);
    this.direct(reg, reg);
    return this;
  }

  /** `lock inc qword [base + disp]`: one atomic read-modify-write, so concurrent hits are all counted. */
  lockIncrement(base: X64Register, disp = 0): this {
    this.bytes.push(0xf0);
    this.rex(true, 0, base);
    this.bytes.push(0xff);
    this.memory(0, base, disp);
    return this;
  }

  /** `lock cmpxchg dword [base + disp], reg32`: compares with eax; ZF=1 when the store happened. */
  lockCompareExchange32(base: X64Register, disp: number, reg: X64Register): this {
    this.bytes.push(0xf0);
    this.rex(false, reg, base);
    this.bytes.push(0x0f, 0xb1);
    this.memory(reg, base, disp);
    return this;
  }

  // ---- stack and state ----

  push(reg: X64Register): this {
    this.rex(false, 0, reg);
    this.bytes.push(0x50 | (reg & 7));
    return this;
  }

  pop(reg: X64Register): this {
    this.rex(false, 0, reg);
    this.bytes.push(0x58 | (reg & 7));
    return this;
  }

  pushFlags(): this {
    this.bytes.push(0x9c);
    return this;
  }

  popFlags(): this {
    this.bytes.push(0x9d);
    return this;
  }

  /** `movdqu [base + disp], xmmN` (N < 8). */
  storeXmm(base: X64Register, disp: number, xmm: number): this {
    this.bytes.push(0xf3);
    this.rex(false, xmm, base);
    this.bytes.push(0x0f, 0x7f);
    this.memory(xmm, base, disp);
    return this;
  }

  /** `movdqu xmmN, [base + disp]` (N < 8). */
  loadXmm(xmm: number, base: X64Register, disp: number): this {
    this.bytes.push(0xf3);
    this.rex(false, xmm, base);
    this.bytes.push(0x0f, 0x6f);
    this.memory(xmm, base, disp);
    return this;
  }

  /** `fxsave64 [base]`: x87, MXCSR and xmm0-15 into a 512-byte, 16-byte aligned area. */
  fxsave(base: X64Register): this {
    this.rex(true, 0, base);
    this.bytes.push(0x0f, 0xae);
    this.memory(0, base, 0);
    return this;
  }

  /** `fxrstor64 [base]` */
  fxrstor(base: X64Register): this {
    this.rex(true, 0, base);
    this.bytes.push(0x0f, 0xae);
    this.memory(1, base, 0);
    return this;
  }

  /** `rep movsq`: copies rcx qwords from [rsi] to [rdi]. */
  repMovsq(): this {
    this.bytes.push(0xf3, 0x48, 0xa5);
    return this;
  }
}

const REL32_MIN = -(2n ** 31n);
const REL32_LIMIT = 2n ** 31n;

/** The rel32 of a branch whose next instruction is at `nextInstruction`; E_RANGE when over ±2 GiB. */
export function rel32(target: bigint, nextInstruction: bigint): bigint {
  const distance = target - nextInstruction;
  if (distance < REL32_MIN || distance >= REL32_LIMIT) {
    throw new JitkitError(
      'E_RANGE',
      `a rel32 branch from 0x${nextInstruction.toString(16)} cannot reach 0x${target.toString(16)} (${distance} bytes away, limit ±2 GiB)`,
    );
  }
  return distance;
}

export function fitsRel32(target: bigint, nextInstruction: bigint): boolean {
  const distance = target - nextInstruction;
  return distance >= REL32_MIN && distance < REL32_LIMIT;
}

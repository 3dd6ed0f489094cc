import { conditionNames, decodeInstruction } from '../arm64/index.ts';
import { JitkitError } from '../errors.ts';

/**
 * The A64 relocator: makes one instruction taken from `from` behave identically when it runs at another
 * address, as assembly text for jitkit's A64 assembler (one 4-byte instruction per line, so the caller knows
 * where every line lands). Field layouts are the Arm ARM's (DDI 0487, C4.1 "A64 instruction set encoding").
 *
 * Only a handful of A64 instructions read the PC (C1.2.2 / the PC-relative forms of C4.1): ADR, ADRP, the
 * literal loads (LDR w/x/s/d/q, LDRSW, PRFM), B, BL, B.cond / BC.cond, CBZ/CBNZ, TBZ/TBNZ — and BLR, which
 * writes PC + 4 to x30. Each is rewritten to use the absolute address it would have used at `from`:
 *
 * - ADR/ADRP: the absolute value, built with MOVZ/MOVK in the destination register itself.
 * - LDR/LDRSW (literal) to a general register: the address built in that register, then a register load
 *   from it (`ldr xT, [xT]`), so nothing else changes. The data is loaded where it is, not copied: a literal
 *   can be a live slot (slots.ts) that other code rewrites.
 * - LDR s/d/q (literal), PRFM (literal) and literal loads to xzr have no general register of their own to
 *   hold the address. x16 is saved below sp and restored around the load (`str x16, [sp, #-16]!` …
 *   `ldr x16, [sp], #16`): AAPCS64 §6.4.5.1 keeps SP 16-byte aligned at all times and gives the code no red
 *   zone below it, so those 16 bytes are free and no register — not even IP0 — is left changed.
 * - B, B.cond, CBZ/CBNZ, TBZ/TBNZ: a direct B to the original target when it is within ±128 MiB of the copy
 *   (the copies live in the function's own code heap, so in practice always); conditional forms become the
 *   inverted condition skipping that jump. Beyond ±128 MiB the jump goes through x16 (`movz/movk x16; br
 *   x16`): IP0 is the register AAPCS64 §6.1.1 lets a linker veneer corrupt on the way to a branch target
 *   that is out of reach, which is exactly the situation, and BR through x16/x17 is also the one indirect
 *   branch that a BTI `c` landing pad accepts.
 * - BL: x30 is set to the original return address (`from + 4`) with MOVZ/MOVK, then B (or x16) to the target.
 * - BLR Xn: `mov x16, Xn` first (Xn may be x30), then x30 = `from + 4`, then `br x16`. IP0/IP1 may be
 *   corrupted between a caller and its callee (AAPCS64 §6.1.1), so clobbering x16 at a call is allowed.
 *
 * Everything else that does not read the PC runs unchanged (`.inst`). Refused with E_UNRELOCATABLE, naming
 * the instruction:
 * - load/store exclusive (LDXR/STXR/LDAXR/STLXR and the pair forms): the displacement puts a branch and the
 *   stub's or the trap's memory accesses between the exclusive load and its store; an exception return or an
 *   explicit memory access there may clear the exclusive monitor (Arm ARM B2.9.5), so the store-exclusive
 *   could fail on every retry and the loop would never finish;
 * - FEAT_MOPS memory copy/set (CPY*, SET*): the prologue, main and epilogue instructions must run
 *   consecutively (C6.2, CPYP/CPYM/CPYE), a branch between them breaks that;
 * - SVE MOVPRFX: it must be immediately followed by the instruction it prefixes;
 * - BLRAA/BLRAB/BLRAAZ/BLRABZ: the return address they write would be the copy's, and rewriting them needs
 *   an authenticated branch without link whose modifier may be x30 itself;
 * - BRK, HLT, UDF (traps: perhaps a breakpoint already) and the other exception-generating instructions
 *   except SVC; ERET/DRPS and any encoding of the branch/exception/system group this file does not know
 *   (e.g. FEAT_CMPBR's CB<cc>, which reads the PC).
 */
export interface A64Relocation {
  /** The displaced instruction in LLVM syntax (as jitkit's disassembler prints it). */
  readonly text: string;
  readonly kind: 'copied' | 'address' | 'literal' | 'branch' | 'call' | 'call-register' | 'conditional';
  /** Assembly lines, one 4-byte instruction each, valid only when the first is placed at `at`. */
  readonly lines: readonly string[];
  /** False when control never reaches the end of `lines` (b, bl, blr, br, ret): a branch back is then dead. */
  readonly fallsThrough: boolean;
}

export interface A64RelocateOptions {
  /**
   * How far a direct B may reach from the copy: the architectural ±128 MiB by default. Tests pass 0 to run
   * the through-x16 form of every branch.
   */
  readonly directReach?: bigint;
}

const B_REACH = 1n << 27n;
const hex = (value: bigint | number): string => `0x${BigInt.asUintN(64, BigInt(value)).toString(16)}`;
const signed = (value: number, bits: number): number => (value << (32 - bits)) >> (32 - bits);
/** `word & mask === bits` on unsigned values (JS bitwise operators give signed 32-bit results). */
const matches = (word: number, mask: number, bits: number): boolean => ((word & mask) >>> 0) === bits;

/** The instruction's text, or `.inst 0x...` for a word jitkit's table does not decode. */
export function a64InstructionText(word: number): string {
  return decodeInstruction(word >>> 0)?.text ?? `.inst ${hex(word >>> 0)}`;
}

/** Why `word` can never be displaced (a class refused whatever its address), or null. */
export function a64UnrelocatableReason(word: number): string | null {
  const w = word >>> 0;
  if (matches(w, 0x3f000000, 0x08000000)) {
    const o2 = (w >>> 23) & 1;
    const o1 = (w >>> 21) & 1;
    const size = w >>> 30;
    if (o2 === 0 && (o1 === 0 || size >= 2)) {
      return 'it is a load/store exclusive: a branch and other memory accesses between it and its partner may clear the exclusive monitor (Arm ARM B2.9.5), so the store-exclusive could fail forever';
    }
  }
  if (matches(w, 0x3b200c00, 0x19000400)) return 'it is a FEAT_MOPS memory copy/set instruction, whose prologue, main and epilogue parts must run consecutively';
  if (matches(w, 0xfffffc00, 0x0420bc00) || matches(w, 0xff3ee000, 0x04102000)) return 'it is an SVE movprfx, which must be immediately followed by the instruction it prefixes';
  if ((w & 0xffff0000) === 0) return 'it is permanently undefined (udf)';
  if (matches(w, 0xff000000, 0xd4000000)) {
    const opc = (w >>> 21) & 7;
    const ll = w & 3;
    if (opc === 1 || opc === 2) return 'it is a trap, perhaps a breakpoint: remove it first';
    if (!(opc === 0 && ll === 1)) return 'it is an exception-generating instruction other than svc';
  }
  if (matches(w, 0xfe000000, 0xd6000000)) {
    const opc = (w >>> 21) & 15;
    const op3 = (w >>> 10) & 63;
    if ((opc === 1 && op3 !== 0) || opc === 9) return 'it is a pointer-authenticated branch with link (blraa/blrab), whose return address would be the copy\'s';
    if (opc !== 0 && opc !== 1 && opc !== 2 && opc !== 8) return 'it is an exception return or debug-state instruction';
  }
  return null;
}

/** Relocates the instruction `word` from address `from` to run at address `at`. */
export function relocateA64(word: number, from: bigint, at: bigint, options: A64RelocateOptions = {}): A64Relocation {
  const w = word >>> 0;
  const text = a64InstructionText(w);
  const refuse = (reason: string): never => {
    throw new JitkitError('E_UNRELOCATABLE', `'${text}' at ${hex(from)} cannot run out of line: ${reason}`, { instruction: text, address: from });
  };
  if (from % 4n !== 0n || at % 4n !== 0n) refuse('A64 instructions are 4-byte aligned');
  const reason = a64UnrelocatableReason(w);
  if (reason !== null) refuse(reason);
  const out = new LineWriter(at, options.directReach ?? B_REACH);

  // ADR / ADRP (C4.1.86 "PC-rel. addressing"): op(31) immlo(30:29) 10000 immhi(23:5) Rd.
  if (matches(w, 0x1f000000, 0x10000000)) {
    const rd = w & 31;
    const imm = signed((((w >>> 5) & 0x7ffff) << 2) | ((w >>> 29) & 3), 21);
    const value = w >>> 31 === 1 ? (from & ~0xfffn) + (BigInt(imm) << 12n) : from + BigInt(imm);
    // Rd 31 is xzr here: the result is discarded.
    if (rd === 31) out.line('nop');
    else out.materialize(`x${rd}`, value);
    return { text, kind: 'address', lines: out.lines, fallsThrough: true };
  }

  // Load register (literal) (C4.1.94): opc(31:30) 011 V(26) 00 imm19 Rt.
  if (matches(w, 0x3b000000, 0x18000000)) {
    const opc = w >>> 30;
    const vector = ((w >>> 26) & 1) === 1;
    const rt = w & 31;
    const address = from + BigInt(signed((w >>> 5) & 0x7ffff, 19) * 4);
    if (vector && opc === 3) refuse('it is an unallocated literal-load encoding');
    const load = vector ? `ldr ${['s', 'd', 'q'][opc]}${rt}` : opc === 3 ? `prfm #${rt}` : ['ldr w', 'ldr x', 'ldrsw x'][opc] + (rt === 31 ? 'zr' : `${rt}`);
    if (!vector && opc !== 3 && rt !== 31) {
      out.materialize(`x${rt}`, address);
      out.line(`${load}, [x${rt}]`);
    } else {
      out.line('str x16, [sp, #-16]!');
      out.materialize('x16', address);
      out.line(`${load}, [x16]`);
      out.line('ldr x16, [sp], #16');
    }
    return { text, kind: 'literal', lines: out.lines, fallsThrough: true };
  }

  // B / BL (C4.1.87 "Unconditional branch (immediate)"): op(31) 00101 imm26.
  if (matches(w, 0x7c000000, 0x14000000)) {
    const target = from + BigInt(signed(w & 0x3ffffff, 26) * 4);
    const link = w >>> 31 === 1;
    if (link) out.materialize('x30', from + 4n);
    out.jump(target);
    return { text, kind: link ? 'call' : 'branch', lines: out.lines, fallsThrough: false };
  }

  // B.cond / BC.cond (C4.1.87 "Conditional branch (immediate)"): 01010100 imm19 o0 cond.
  if (matches(w, 0xff000000, 0x54000000)) {
    const target = from + BigInt(signed((w >>> 5) & 0x7ffff, 19) * 4);
    const cond = w & 15;
    // AL and NV both always branch (C1.2.4: NV exists only to give the encoding a disassembly).
    if (cond >= 14) {
      out.jump(target);
      return { text, kind: 'branch', lines: out.lines, fallsThrough: false };
    }
    out.conditional((skip) => `b.${conditionNames[cond ^ 1]} #${skip}`, target);
    return { text, kind: 'conditional', lines: out.lines, fallsThrough: true };
  }

  // CBZ / CBNZ (C4.1.87 "Compare and branch (immediate)"): sf 011010 op imm19 Rt.
  if (matches(w, 0x7e000000, 0x34000000)) {
    const target = from + BigInt(signed((w >>> 5) & 0x7ffff, 19) * 4);
    const register = `${w >>> 31 === 1 ? 'x' : 'w'}${(w & 31) === 31 ? 'zr' : w & 31}`;
    const inverse = ((w >>> 24) & 1) === 1 ? 'cbz' : 'cbnz';
    out.conditional((skip) => `${inverse} ${register}, #${skip}`, target);
    return { text, kind: 'conditional', lines: out.lines, fallsThrough: true };
  }

  // TBZ / TBNZ (C4.1.87 "Test and branch (immediate)"): b5 011011 op b40 imm14 Rt.
  if (matches(w, 0x7e000000, 0x36000000)) {
    const target = from + BigInt(signed((w >>> 5) & 0x3fff, 14) * 4);
    const bit = ((w >>> 31) << 5) | ((w >>> 19) & 31);
    const register = `${bit >= 32 ? 'x' : 'w'}${(w & 31) === 31 ? 'zr' : w & 31}`;
    const inverse = ((w >>> 24) & 1) === 1 ? 'tbz' : 'tbnz';
    out.conditional((skip) => `${inverse} ${register}, #${bit}, #${skip}`, target);
    return { text, kind: 'conditional', lines: out.lines, fallsThrough: true };
  }

  // Unconditional branch (register) (C4.1.87): 1101011 opc op2 op3 Rn op4. BR, RET and their
  // authenticated forms do not read the PC; BLR writes PC + 4 to x30.
  if (matches(w, 0xfe000000, 0xd6000000)) {
    const opc = (w >>> 21) & 15;
    if (opc === 1) {
      const rn = (w >>> 5) & 31;
      if (rn !== 16) out.line(`mov x16, ${rn === 31 ? 'xzr' : `x${rn}`}`);
      out.materialize('x30', from + 4n);
      out.line('br x16');
      return { text, kind: 'call-register', lines: out.lines, fallsThrough: false };
    }
    out.line(`.inst ${hex(w)}`);
    return { text, kind: 'copied', lines: out.lines, fallsThrough: false };
  }

  // The rest of the branch, exception-generation and system group (op0 = x101): exception generation was
  // screened above (only svc is left), system instructions (hints, barriers, MSR/MRS, SYS) do not read the PC.
  if (matches(w, 0x1c000000, 0x14000000)) {
    const exception = matches(w, 0xff000000, 0xd4000000);
    const system = matches(w, 0xffc00000, 0xd5000000);
    if (!exception && !system) refuse('it is a branch-group encoding jitkit does not know (it may read the PC)');
  }
  out.line(`.inst ${hex(w)}`);
  return { text, kind: 'copied', lines: out.lines, fallsThrough: true };
}

/** Lines with their addresses known, so relative offsets can be computed as they are written. */
class LineWriter {
  readonly lines: string[] = [];
  private readonly at: bigint;
  private readonly reach: bigint;

  constructor(at: bigint, reach: bigint) {
    this.at = at;
    this.reach = reach;
  }

  private get here(): bigint {
    return this.at + BigInt(this.lines.length * 4);
  }

  line(text: string): void {
    this.lines.push(text);
  }

  /** MOVZ for the lowest non-zero halfword, MOVK for the others (C6.2.226/C6.2.225); `movz #0` for 0. */
  materialize(register: string, value: bigint): void {
    const v = BigInt.asUintN(64, value);
    let first = true;
    for (let shift = 0n; shift < 64n; shift += 16n) {
      const half = (v >> shift) & 0xffffn;
      if (half === 0n) continue;
      this.line(`${first ? 'movz' : 'movk'} ${register}, #${hex(half)}, lsl #${shift}`);
      first = false;
    }
    if (first) this.line(`movz ${register}, #0`);
  }

  private jumpLines(target: bigint, at: bigint): string[] {
    const distance = target - at;
    if (distance >= -this.reach && distance < this.reach) return [`b #${distance}`];
    const scratch = new LineWriter(at, this.reach);
    scratch.materialize('x16', target);
    scratch.line('br x16');
    return scratch.lines;
  }

  /** A jump to an absolute address: a direct B when in reach, else through x16. */
  jump(target: bigint): void {
    this.lines.push(...this.jumpLines(target, this.here));
  }

  /** `skipIfNot(bytes)` branches over the jump when the original condition does not hold. */
  conditional(skipIfNot: (bytes: number) => string, target: bigint): void {
    const jump = this.jumpLines(target, this.here + 4n);
    this.line(skipIfNot(4 + jump.length * 4));
    this.lines.push(...jump);
  }
}

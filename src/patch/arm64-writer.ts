import { JitkitError } from '../errors.ts';

/**
 * The A64 instruction words live patching needs, each one 32-bit little-endian word (field layouts from
 * the Arm ARM, C6.2), checked against `llvm-mc` in test/patch/arm64-writer.test.ts. Like `x64-writer.ts`
 * it stands in until the general arm64 assembler (`src/arm64`) has a fluent API.
 */
export const X0 = 0, X1 = 1, X7 = 7, X16 = 16, X17 = 17, XZR = 31;

export class Arm64Writer {
  private readonly words: number[] = [];
  private readonly literals: Array<{ at: number; value: bigint; register: number }> = [];

  get offset(): number {
    return this.words.length * 4;
  }

  word(value: number): this {
    this.words.push(value >>> 0);
    return this;
  }

  /** `b` to a byte offset relative to this instruction (±128 MiB). */
  branch(relative: number): this {
    return this.word(branchWord(relative));
  }

  br(register: number): this {
    return this.word(0xd61f0000 | (register << 5));
  }

  blr(register: number): this {
    return this.word(0xd63f0000 | (register << 5));
  }

  ret(): this {
    return this.word(0xd65f03c0);
  }

  nop(): this {
    return this.word(0xd503201f);
  }

  brk(immediate: number): this {
    return this.word(brkWord(immediate));
  }

  /** `mov Xd, Xn` (the `orr Xd, xzr, Xn` alias). */
  movRegister(dst: number, src: number): this {
    return this.word(0xaa0003e0 | (src << 16) | dst);
  }

  /** `movz`/`movk` for a 64-bit (`x`) or 32-bit (`w`) register: 16 bits at bit `shift`. */
  movWide(kind: 'movz' | 'movk', width: 'x' | 'w', register: number, imm16: number, shift: number): this {
    return this.word(movWideWord(kind, width, register, imm16, shift));
  }

  /** `movz`+`movk`×3: any 64-bit constant into `register`. */
  movImm64(register: number, value: bigint): this {
    const v = BigInt.asUintN(64, value);
    for (let i = 0; i < 4; i++) this.movWide(i === 0 ? 'movz' : 'movk', 'x', register, Number((v >> BigInt(16 * i)) & 0xffffn), 16 * i);
    return this;
  }

  /** `ldr Xt, <literal>`: the literal is placed by `finish()` in the 8-byte aligned pool after the code. */
  ldrLiteral(register: number, value: bigint): this {
    this.literals.push({ at: this.words.length, value, register });
    return this.word(0);
  }

  /**
   * The code followed by its literal pool. `baseAlignment` is the alignment the block will have (16 for
   * jitkit heaps): literals are 8-byte aligned so one aligned store can replace each of them.
   */
  finish(): Uint8Array {
    let poolOffset = this.words.length * 4;
    if (this.literals.length > 0 && poolOffset % 8 !== 0) {
      this.words.push(0xd4200000); // brk #0 as padding: never executed
      poolOffset += 4;
    }
    const out = new Uint8Array(poolOffset + this.literals.length * 8);
    const view = new DataView(out.buffer);
    this.literals.forEach((literal, index) => {
      const literalOffset = poolOffset + index * 8;
      this.words[literal.at] = ldrLiteralWord(literal.register, literalOffset - literal.at * 4);
      view.setBigUint64(literalOffset, BigInt.asUintN(64, literal.value), true);
    });
    this.words.forEach((word, index) => view.setUint32(index * 4, word, true));
    return out;
  }

  /** Byte offset of the `index`-th literal once finished (for code that later swaps the literal). */
  literalOffset(index: number): number {
    const code = this.words.length * 4;
    return (code % 8 === 0 ? code : code + 4) + index * 8;
  }
}

export function branchWord(relative: number): number {
  if (relative % 4 !== 0 || relative < -(1 << 27) || relative >= 1 << 27) {
    throw new JitkitError('E_RANGE', `an A64 'b' reaches ±128 MiB in 4-byte steps; ${relative} bytes does not fit`);
  }
  return (0x14000000 | ((relative >> 2) & 0x3ffffff)) >>> 0;
}

export function ldrLiteralWord(register: number, relative: number): number {
  if (relative % 4 !== 0 || relative < -(1 << 20) || relative >= 1 << 20) {
    throw new JitkitError('E_RANGE', `an A64 literal load reaches ±1 MiB; ${relative} bytes does not fit`);
  }
  return (0x58000000 | (((relative >> 2) & 0x7ffff) << 5) | register) >>> 0;
}

export function brkWord(immediate: number): number {
  return (0xd4200000 | ((immediate & 0xffff) << 5)) >>> 0;
}

export function movWideWord(kind: 'movz' | 'movk', width: 'x' | 'w', register: number, imm16: number, shift: number): number {
  const base = kind === 'movz' ? (width === 'x' ? 0xd2800000 : 0x52800000) : width === 'x' ? 0xf2800000 : 0x72800000;
  return (base | ((shift / 16) << 21) | ((imm16 & 0xffff) << 5) | register) >>> 0;
}

/** The fields of a `movz`/`movk` word, or null when the word is neither. */
export function decodeMovWide(word: number): { kind: 'movz' | 'movk'; width: 'x' | 'w'; register: number; imm16: number; shift: number } | null {
  const top = word & 0xff800000;
  const forms: Record<number, ['movz' | 'movk', 'x' | 'w']> = {
    [0xd2800000 | 0]: ['movz', 'x'],
    [0x52800000]: ['movz', 'w'],
    [0xf2800000 | 0]: ['movk', 'x'],
    [0x72800000]: ['movk', 'w'],
  };
  const form = forms[top >>> 0] ?? forms[top];
  if (form === undefined) return null;
  return { kind: form[0], width: form[1], register: word & 31, imm16: (word >>> 5) & 0xffff, shift: ((word >>> 21) & 3) * 16 };
}

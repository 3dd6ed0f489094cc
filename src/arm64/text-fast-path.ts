import type { Label } from '../asm/label.ts';
import type { Arm64Assembler } from './assembler.ts';
import { AddressingMode, ExtendOperand, MemoryOperand, namedOperand, ShiftOperand, extendNames, shiftNames, type ExtendName } from './operands.ts';
import { Register, fp128, fp16, fp32, fp64, fp8, gp32, gp64, registerByName, sp, vectors } from './registers.ts';

/** What the fast path needs from the text parser: the assembler, and labels as the parser records them. */
export interface CommonStatementHost {
  readonly assembler: Arm64Assembler;
  /** The label `name` names, with its first use recorded (so an undefined one is reported in text terms). */
  labelReference(name: string): Label;
}

const SPACE = 0x20;
const TAB = 0x09;
const COMMA = 0x2c;
const HASH = 0x23;
const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const BANG = 0x21; // !
const MINUS = 0x2d;
const DOT = 0x2e;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === 0x0d;
}
function isLower(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
/** Characters of a register, name or label token: a-z, 0-9, `_`, `.`, `$` (upper case is left to the general parser). */
function isTokenChar(c: number): boolean {
  return isLower(c) || isDigit(c) || c === 0x5f || c === DOT || c === 0x24;
}
/** What may follow an operand's last character (-1: the end of the statement). */
function endsOperand(c: number): boolean {
  return c < 0 || isSpace(c) || c === COMMA || c === CLOSE;
}

const ARRANGEMENTS = ['b8', 'b16', 'h4', 'h8', 's2', 's4', 'd1', 'd2'] as const;

/**
 * The register spelled by text[start, end) in its canonical lower-case form (`x0`..`x30`, `w0`..`w30`,
 * `xzr`, `wzr`, `sp`, `b0`..`q31`, `v0.4s`), decoded from the characters, or undefined for anything else
 * (which the caller then looks up by name: `fp`, `lr`, `wsp`, or no register at all). A map lookup of a
 * freshly sliced name would hash it first.
 */
function decodeRegister(text: string, start: number, end: number): Register | undefined {
  const length = end - start;
  const first = text.charCodeAt(start);
  if (length === 2 && first === 0x73 && text.charCodeAt(start + 1) === 0x70) return sp;
  if (length === 3 && text.charCodeAt(start + 1) === 0x7a && text.charCodeAt(start + 2) === 0x72) {
    if (first === 0x78) return gp64[31];
    if (first === 0x77) return gp32[31];
    return undefined;
  }
  let i = start + 1;
  if (i >= end) return undefined;
  const high = text.charCodeAt(i) - 0x30;
  if (high < 0 || high > 9) return undefined;
  let number = high;
  i++;
  if (i < end && high !== 0) {
    const low = text.charCodeAt(i) - 0x30;
    if (low >= 0 && low <= 9) {
      number = number * 10 + low;
      i++;
    }
  }
  if (number > 31) return undefined;
  if (i === end) {
    switch (first) {
      case 0x78: return number < 31 ? gp64[number] : undefined; // x
      case 0x77: return number < 31 ? gp32[number] : undefined; // w
      case 0x62: return fp8[number]; // b
      case 0x68: return fp16[number]; // h
      case 0x73: return fp32[number]; // s
      case 0x64: return fp64[number]; // d
      case 0x71: return fp128[number]; // q
      default: return undefined;
    }
  }
  if (first !== 0x76 || text.charCodeAt(i) !== DOT) return undefined; // v<n>.<arrangement>
  const rest = end - i - 1;
  const a = text.charCodeAt(i + 1);
  const b = text.charCodeAt(i + 2);
  let arrangement = -1;
  if (rest === 2) {
    if (a === 0x38 && b === 0x62) arrangement = 0; // 8b
    else if (a === 0x34 && b === 0x68) arrangement = 2; // 4h
    else if (a === 0x38 && b === 0x68) arrangement = 3; // 8h
    else if (a === 0x32 && b === 0x73) arrangement = 4; // 2s
    else if (a === 0x34 && b === 0x73) arrangement = 5; // 4s
    else if (a === 0x31 && b === 0x64) arrangement = 6; // 1d
    else if (a === 0x32 && b === 0x64) arrangement = 7; // 2d
  } else if (rest === 3 && a === 0x31 && b === 0x36 && text.charCodeAt(i + 3) === 0x62) {
    arrangement = 1; // 16b
  }
  return arrangement < 0 ? undefined : vectors[number]![ARRANGEMENTS[arrangement]!];
}

/** Signals that the statement is not one the fast path reads; the general parser then reads it from the start. */
const NOT_COMMON = Symbol('not common');

/**
 * The statements code generators and hand-written listings mostly consist of, read straight from character
 * codes: a lower-case mnemonic, then registers, `#` integers (decimal or 0x), shifts and extends, names
 * (conditions, barrier options), labels, and the memory forms `[xn]`, `[xn, #imm]{!}`, `[xn], #imm|xm`,
 * `[xn, rm{, lsl|extend {#n}}]`. Anything else (label definitions, placeholders, `=literal`, `:lo12:`,
 * register lists, elements, locations, floats, upper case, directives, odd spacing) gives `false` before any
 * operand reaches the assembler, and the general parser reads the statement; a test holds both to the same
 * bytes and errors over the llvm-mc corpus. The general parser spends most of its time in regular
 * expressions, `trim` and slices of every part; this reads each character once.
 */
export class CommonStatementReader {
  private readonly host: CommonStatementHost;
  private text = '';
  private at = 0;

  constructor(host: CommonStatementHost) {
    this.host = host;
  }

  /** Assembles `text` (one trimmed statement) and returns true, or returns false having done nothing. */
  read(text: string): boolean {
    this.text = text;
    const n = text.length;
    let i = 0;
    let c = this.code(0);
    while (isLower(c) || isDigit(c) || c === DOT) c = this.code(++i);
    if (i === 0 || (c >= 0 && !isSpace(c)) || text.charCodeAt(0) === DOT) return false;
    const mnemonic = text.slice(0, i);
    const operands: unknown[] = [];
    // The operand index of a plain `[xn]`, which the next and last operand may make a post-index.
    let plainMemory = -1;
    try {
      this.at = i;
      this.skipSpaces();
      while (this.at < n) {
        if (this.code(this.at) === OPEN) {
          const plain = this.isPlainMemory();
          operands.push(this.memory());
          if (plain) plainMemory = operands.length - 1;
        } else {
          operands.push(this.operand());
        }
        this.skipSpaces();
        if (this.at >= n) break;
        if (this.code(this.at) !== COMMA) return false;
        this.at++;
        this.skipSpaces();
        if (this.at >= n) return false; // a trailing comma: the general parser reports the empty operand
      }
    } catch (signal) {
      if (signal === NOT_COMMON) return false;
      throw signal;
    }
    if (plainMemory >= 0 && plainMemory === operands.length - 2) {
      const base = (operands[plainMemory] as MemoryOperand).base;
      const increment = operands.pop();
      if (increment instanceof Register) operands[plainMemory] = new MemoryOperand(base, AddressingMode.PostIndex, 0, increment);
      else if (typeof increment === 'number') operands[plainMemory] = new MemoryOperand(base, AddressingMode.PostIndex, increment);
      else return false;
    }
    this.host.assembler.instruction(mnemonic, operands);
    return true;
  }

  /** The character code at `i`, or -1 past the end (charCodeAt out of bounds would make V8 call the builtin). */
  private code(i: number): number {
    return i < this.text.length ? this.text.charCodeAt(i) : -1;
  }

  private skipSpaces(): void {
    while (isSpace(this.code(this.at))) this.at++;
  }

  /**
   * A lower-case token (register, name, label, shift or extend) at the position: its register when it spells
   * one canonically, else its text. Not common when there is none.
   */
  private token(): Register | string {
    const text = this.text;
    const start = this.at;
    let i = start;
    while (isTokenChar(this.code(i))) i++;
    if (i === start || !isLower(text.charCodeAt(start)) || !endsOperand(this.code(i))) throw NOT_COMMON;
    this.at = i;
    return decodeRegister(text, start, i) ?? text.slice(start, i);
  }

  /** A register token (canonical or by name, such as `fp`); not common otherwise. */
  private register(): Register {
    const token = this.token();
    const register = typeof token === 'string' ? registerByName(token) : token;
    if (register === undefined) throw NOT_COMMON;
    return register;
  }

  /** `#` then a decimal or 0x integer that is a safe integer; anything else (floats, `_`, big values) is not common. */
  private immediate(): number {
    let i = this.at;
    if (this.code(i) !== HASH) throw NOT_COMMON;
    i++;
    const negative = this.code(i) === MINUS;
    if (negative) i++;
    let value = 0;
    let digits = 0;
    if (this.code(i) === 0x30 && (this.code(i + 1) | 0x20) === 0x78) {
      i += 2;
      for (;;) {
        const c = this.code(i) | 0x20;
        const digit = isDigit(c) ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
        if (digit < 0) break;
        value = value * 16 + digit;
        digits++;
        i++;
      }
      if (digits > 13) throw NOT_COMMON;
    } else {
      for (let c = this.code(i); isDigit(c); c = this.code(++i)) {
        value = value * 10 + (c - 0x30);
        digits++;
      }
      if (digits > 15) throw NOT_COMMON;
    }
    if (digits === 0 || !endsOperand(this.code(i))) throw NOT_COMMON;
    this.at = i;
    // 0 - value, not -value: `#-0` is the integer 0, as the general parser's BigInt reading gives
    return negative ? 0 - value : value;
  }

  private operand(): unknown {
    if (this.code(this.at) === HASH) return this.immediate();
    const token = this.token();
    if (typeof token !== 'string') return token;
    // No register name is a shift or extend name, so the order of these two tests does not matter.
    const register = registerByName(token);
    if (register !== undefined) return register;
    const shiftType = (shiftNames as readonly string[]).indexOf(token);
    const extendType = (extendNames as readonly string[]).indexOf(token);
    if (shiftType >= 0 || extendType >= 0) {
      this.skipSpaces();
      const hasAmount = this.code(this.at) === HASH;
      if (shiftType >= 0) {
        if (!hasAmount) throw NOT_COMMON;
        return new ShiftOperand(shiftType, this.immediate());
      }
      return new ExtendOperand(extendType, hasAmount ? this.immediate() : undefined);
    }
    const named = namedOperand(token);
    if (named !== undefined) return named;
    // `.`-led text and numeric local labels never get here (a token starts with a letter)
    return this.host.labelReference(token);
  }

  /** True when the memory operand at the position is `[xn]` with nothing after the base (a post-index may follow). */
  private isPlainMemory(): boolean {
    let i = this.at + 1;
    for (let c = this.code(i); c >= 0 && c !== CLOSE && c !== COMMA; c = this.code(++i));
    return this.code(i) === CLOSE && this.code(i + 1) !== BANG;
  }

  private memory(): MemoryOperand {
    this.at++;
    this.skipSpaces();
    const base = this.register();
    if (base.kind !== 'x' && base.kind !== 'sp') throw NOT_COMMON;
    this.skipSpaces();
    let offset = 0;
    let index: Register | null = null;
    let extend: 'lsl' | ExtendName | null = null;
    let amount: number | undefined;
    if (this.code(this.at) === COMMA) {
      this.at++;
      this.skipSpaces();
      if (this.code(this.at) === HASH) {
        offset = this.immediate();
      } else {
        index = this.register();
        this.skipSpaces();
        if (this.code(this.at) === COMMA) {
          this.at++;
          this.skipSpaces();
          const modifier = this.operand();
          if (modifier instanceof ShiftOperand && modifier.type === 0) {
            extend = 'lsl';
            amount = modifier.amount;
          } else if (modifier instanceof ExtendOperand) {
            extend = extendNames[modifier.type]!;
            amount = modifier.amount;
          } else {
            throw NOT_COMMON;
          }
        }
      }
      this.skipSpaces();
    }
    if (this.code(this.at) !== CLOSE) throw NOT_COMMON;
    this.at++;
    const preIndex = this.code(this.at) === BANG;
    if (preIndex) {
      if (index !== null) throw NOT_COMMON;
      this.at++;
    }
    const next = this.code(this.at);
    if (!endsOperand(next) || next === CLOSE) throw NOT_COMMON;
    if (index !== null) return new MemoryOperand(base, AddressingMode.Offset, 0, index, extend, amount);
    return new MemoryOperand(base, preIndex ? AddressingMode.PreIndex : AddressingMode.Offset, offset);
  }
}

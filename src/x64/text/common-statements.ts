import type { Label } from '../../asm/label.ts';
import { Memory } from '../memory.ts';
import type { MemorySize, Scale } from '../memory.ts';
import type { Operand } from '../operand.ts';
import { Kind } from '../operand-kind.ts';
import { KREGS, RegisterFlag } from '../registers.ts';
import type { Gp64, Register } from '../registers.ts';
import { memoryOperand } from './memory-operands.ts';
import { ABSOLUTE_ADDRESS_MNEMONIC, ADDRESS_SLOTS, MAX_OPERANDS, SEPARATE_MASK } from './mnemonic-facts.ts';
import { SLOT_KIND, SLOT_MNEMONIC, SLOT_REGISTER, SLOT_VALUE, findWord } from './words.ts';

const NO_CODES = new Uint16Array(2);

/** What the fast path hands back to the parser that owns it. */
export interface CommonStatementHost {
  /** The label that the text [start, end) names (key k0..k2 as words.ts packs it; k2 = -1 for a long name). */
  labelNamed(start: number, end: number, k0: number, k1: number, k2: number): Label;
  /** `name:` at [start, end): binds the label there, as the general parser does. */
  defineLabel(start: number, end: number, k0: number, k1: number, k2: number): void;
  /** Emits mnemonic `id`; an error is reported at `at`, the start of the mnemonic. */
  emit(id: number, operands: readonly Operand[], at: number): void;
}

/**
 * The parser's fast path: reads the statement shapes that make up nearly all real assembly text —
 * `name:` definitions, a mnemonic without prefix, and operands that are registers (with `{k1}{z}`),
 * `size ptr [base + index*scale ± disp]` memory (with `{1toN}`/`{k1}`), plain decimal or `0x` numbers
 * and label names — and emits them. On anything else (prefixes, directives, expressions, template
 * values, segments, RIP-relative labels, rounding operands, any error) it gives up before emitting, and
 * the general parser (parser.ts) reads the statement from `resumeAt`; the general parser is the
 * reference for every decision and message, and a test compares the two on the whole corpus.
 *
 * Written for V8's optimized code: one function per statement holding the position in a local,
 * character codes and kinds as literals (a module-level constant is a context load and a check on each
 * use), and names packed into their word-table key in one loop (words.ts).
 */
export class CommonStatementReader {
  private readonly host: CommonStatementHost;
  /** The parse's operand arrays (operand-arrays.ts), set by the parser for each parse. */
  scratch: Operand[] = [];
  operandsByCount: Operand[][] = [];
  /** The text being parsed, as code units followed by two 0 sentinels (source-codes.ts), set by the parser. */
  codes: Uint16Array = NO_CODES;
  end = 0;
  /** After `read` returned -1: where the general parser takes over (past any labels already defined). */
  resumeAt = 0;
  /** The key of the last name scanned. */
  private k0 = 0;
  private k1 = 0;
  private k2 = 0;

  constructor(host: CommonStatementHost) {
    this.host = host;
  }

  /**
   * Reads and emits the statement at `start` (past leading blanks). Returns the position of its end
   * (`;`, a newline, a comment or the end of the text, after trailing blanks), or -1 when the general
   * parser must read it from `resumeAt`.
   */
  read(start: number): number {
    const codes = this.codes;
    let at = start;
    if (this.atEnd(at)) return at;
    let id = -1;
    let mnemonicAt = start;
    for (;;) {
      mnemonicAt = at;
      if (!isNameStart(codes[at]!)) return this.fallBack(at);
      const slot = this.word(at);
      const nameEnd = this.wordEnd;
      at = skipBlanks(codes, nameEnd);
      if (codes[at] === 58 /* : */) {
        if (slot >= 0 && SLOT_KIND[slot] !== 0 /* a register or keyword */) return this.fallBack(mnemonicAt);
        this.host.defineLabel(mnemonicAt, nameEnd, this.k0, this.k1, this.k2);
        at = skipBlanks(codes, at + 1);
        if (this.atEnd(at)) return at;
        continue;
      }
      if (slot < 0 || SLOT_KIND[slot] !== 0) return this.fallBack(mnemonicAt);
      id = SLOT_MNEMONIC[slot]!;
      if (id < 0) return this.fallBack(mnemonicAt);
      break;
    }

    const scratch = this.scratch;
    let count = 0;
    if (!this.atEnd(at)) {
      for (;;) {
        const c = codes[at]!;
        let operand: Operand;
        if (isNameStart(c)) {
          const nameAt = at;
          const slot = this.word(at);
          const nameEnd = this.wordEnd;
          const kind = slot < 0 ? 0 : SLOT_KIND[slot]!;
          at = skipBlanks(codes, nameEnd);
          if (kind === 1 /* REGISTER */) {
            let register = SLOT_REGISTER[slot]!;
            if ((register.flags & RegisterFlag.RIP) !== 0) return this.fallBack(mnemonicAt);
            if (codes[at] === 123 /* { */) {
              const decorated = this.registerDecorations(register, at);
              if (decorated === null) return this.fallBack(mnemonicAt);
              register = decorated;
              at = this.decorationsEnd;
            }
            operand = register;
          } else if (kind === 3 /* SIZE */) {
            if (!isNameStart(codes[at]!)) return this.fallBack(mnemonicAt);
            const ptr = this.word(at);
            if (ptr < 0 || SLOT_KIND[ptr] !== 4 /* PTR */) return this.fallBack(mnemonicAt);
            at = skipBlanks(codes, this.wordEnd);
            if (codes[at] !== 91 /* [ */) return this.fallBack(mnemonicAt);
            const memory = this.memory(at, SLOT_VALUE[slot]! as MemorySize);
            if (memory === null) return this.fallBack(mnemonicAt);
            operand = memory;
            at = this.memoryEnd;
          } else if (kind === 0 /* a label */) {
            if (isNameStart(codes[at]!)) return this.fallBack(mnemonicAt);
            operand = this.host.labelNamed(nameAt, nameEnd, this.k0, this.k1, this.k2);
          } else {
            return this.fallBack(mnemonicAt);
          }
        } else if (c === 91 /* [ */) {
          const memory = this.memory(at, 0);
          if (memory === null) return this.fallBack(mnemonicAt);
          operand = memory;
          at = this.memoryEnd;
        } else if (c >= 48 && c <= 57) {
          const value = this.literal(at);
          if (value < 0) return this.fallBack(mnemonicAt);
          operand = value;
          at = skipBlanks(codes, this.literalEnd);
        } else if (c === 45 /* - */ && codes[at + 1]! >= 48 && codes[at + 1]! <= 57) {
          const value = this.literal(at + 1);
          if (value < 0) return this.fallBack(mnemonicAt);
          // 0 - v, not -v: the general parser's negation keeps -0 out
          operand = 0 - value;
          at = skipBlanks(codes, this.literalEnd);
        } else {
          return this.fallBack(mnemonicAt);
        }
        if (count === MAX_OPERANDS) return this.fallBack(mnemonicAt);
        scratch[count++] = operand;
        if (codes[at] !== 44 /* , */) break;
        at = skipBlanks(codes, at + 1);
      }
      if (!this.atEnd(at)) return this.fallBack(mnemonicAt);
    }
    if (SEPARATE_MASK[id] === 1 && count >= 3) return this.fallBack(mnemonicAt);
    // movabs's `[0x10]` is a 64-bit absolute address, which the general parser builds (see ABSOLUTE_ADDRESS_MNEMONIC)
    if (ABSOLUTE_ADDRESS_MNEMONIC[id] === 1 && this.hasAbsoluteAddress(count)) return this.fallBack(mnemonicAt);
    const operands = this.operandsByCount[count]!;
    const addressSlots = ADDRESS_SLOTS[id]!;
    for (let i = 0; i < count; i++) {
      const operand = scratch[i]!;
      operands[i] = (addressSlots >> i) & 1 && typeof operand === 'number' ? BigInt(operand) : operand;
    }
    this.host.emit(id, operands, mnemonicAt);
    return at;
  }

  /** Some operand read so far is memory with neither base nor index. */
  private hasAbsoluteAddress(count: number): boolean {
    for (let i = 0; i < count; i++) {
      const operand = this.scratch[i];
      if (operand instanceof Memory && operand.base === null && operand.index === null) return true;
    }
    return false;
  }

  private fallBack(at: number): number {
    this.resumeAt = at;
    return -1;
  }

  /** A statement ends at `;`, a newline, a `#` or `//` comment, or the end of the text. */
  private atEnd(at: number): boolean {
    if (at >= this.end) return true;
    const c = this.codes[at]!;
    return c === 59 /* ; */ || c === 10 /* LF */ || c === 35 /* # */ || (c === 47 /* / */ && this.codes[at + 1] === 47);
  }

  /** Where the last `word` ended. */
  private wordEnd = 0;

  /**
   * Scans the name starting at `at` into k0..k2 (words.ts: six bits a character, five characters in k0
   * and k1, six in bijective base 40 in k2; k2 = -1 for a name longer than 16), sets wordEnd, and
   * returns the name's slot in the word table (-1: no word, so a label). One function for the scan and
   * the lookup, called from five places: too large for V8 to inline at each, it is compiled once with
   * both inlined, and `read` keeps its inlining budget for the small helpers.
   */
  private word(at: number): number {
    const codes = this.codes;
    let k0 = 0;
    let k1 = 0;
    let k2 = 0;
    let count = 0;
    for (;;) {
      const c = codes[at]!;
      let symbol = (c | 32) - 96;
      if (symbol < 1 || symbol > 26) {
        if (c >= 48 && c <= 57) symbol = c - 17;
        else if (c === 95) symbol = 27;
        else if (c === 46) symbol = 28;
        else if (c === 36) symbol = 29;
        else if (c === 64) symbol = 30;
        else break;
      }
      if (count < 5) k0 = (k0 << 6) | symbol;
      else if (count < 10) k1 = (k1 << 6) | symbol;
      else if (count < 16) k2 = k2 * 40 + symbol;
      count++;
      at++;
    }
    this.k0 = k0;
    this.k1 = k1;
    this.wordEnd = at;
    if (count > 16) {
      this.k2 = -1;
      return -1;
    }
    this.k2 = k2 | 0;
    return findWord(k0, k1, k2 | 0);
  }

  /** Where the last `literal` ended. */
  private literalEnd = 0;

  /**
   * A plain decimal (at most 15 digits) or `0x` hex (at most 13 digits) literal at `at` followed by no
   * letter, digit or `_`, and by no operator (so it is not part of an expression); -1 otherwise.
   */
  private literal(at: number): number {
    const codes = this.codes;
    let value = 0;
    const start = at;
    let c = codes[at]!;
    if (c === 48 && (codes[at + 1]! | 32) === 120 /* x */) {
      at += 2;
      for (;;) {
        c = codes[at]!;
        let digit = c - 48;
        if (digit < 0 || digit > 9) {
          digit = (c | 32) - 87;
          if (digit < 10 || digit > 15) break;
        }
        value = value * 16 + digit;
        at++;
      }
      if (at - start < 3 || at - start > 15) return -1;
    } else {
      while (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48);
        c = codes[++at]!;
      }
      if (at - start > 15) return -1;
    }
    if (isLiteralCode(c)) return -1;
    const next = codes[skipBlanks(codes, at)]!;
    if (next === 43 /* + */ || next === 45 /* - */ || next === 42 /* * */) return -1;
    this.literalEnd = at;
    return value;
  }

  /** Where the last `registerDecorations` ended (past trailing blanks). */
  private decorationsEnd = 0;

  /** `{k1}`…`{k7}` and `{z}` after a register, written without inner blanks; null for anything else. */
  private registerDecorations(register: Register, at: number): Register | null {
    const codes = this.codes;
    let mask = 0;
    let zeroing = false;
    while (codes[at] === 123 /* { */) {
      const c = codes[at + 1]! | 32;
      if (c === 107 /* k */ && codes[at + 3] === 125 /* } */) {
        const digit = codes[at + 2]! - 48;
        if (digit < 1 || digit > 7 || mask !== 0) return null;
        mask = digit;
        at += 4;
      } else if (c === 122 /* z */ && codes[at + 2] === 125 /* } */ && !zeroing) {
        zeroing = true;
        at += 3;
      } else {
        return null;
      }
      at = skipBlanks(codes, at);
    }
    if ((mask === 0 && zeroing) || (mask !== 0 && (register.flags & RegisterFlag.MASKABLE) === 0)) return null;
    this.decorationsEnd = at;
    const masked = mask === 0 ? register : register.k(KREGS[mask]!);
    return zeroing ? masked.z() : masked;
  }

  /** Where the last `memory` ended (past trailing blanks). */
  private memoryEnd = 0;

  /**
   * `[base + index*scale ± disp]` at `at` (the `[`) with 64-bit general-purpose registers and plain
   * numbers, then `{1toN}` and `{k1}`; null for anything else (including every error).
   */
  private memory(at: number, size: MemorySize): Memory | null {
    const codes = this.codes;
    let base: Register | null = null;
    let index: Register | null = null;
    let scale = 1;
    let disp = 0;
    let negative = false;
    at = skipBlanks(codes, at + 1);
    for (;;) {
      const c = codes[at]!;
      if (isNameStart(c)) {
        const slot = this.word(at);
        const nameEnd = this.wordEnd;
        if (slot < 0 || SLOT_KIND[slot] !== 1 /* REGISTER */ || negative) return null;
        const register = SLOT_REGISTER[slot]!;
        if ((register.kind & Kind.R64) === 0) return null;
        at = skipBlanks(codes, nameEnd);
        if (codes[at] === 42 /* * */) {
          at = skipBlanks(codes, at + 1);
          const digit = codes[at]! - 48;
          if ((digit !== 1 && digit !== 2 && digit !== 4 && digit !== 8) || isLiteralCode(codes[at + 1]!) || index !== null) return null;
          index = register;
          scale = digit;
          at = skipBlanks(codes, at + 1);
        } else if (base === null) {
          base = register;
        } else if (index === null) {
          index = register;
        } else {
          return null;
        }
      } else if (c >= 48 && c <= 57) {
        const value = this.literal(at);
        if (value < 0) return null;
        disp = negative ? disp - value : disp + value;
        at = skipBlanks(codes, this.literalEnd);
      } else {
        return null;
      }
      const next = codes[at]!;
      if (next === 93 /* ] */) break;
      if (next === 43 /* + */) negative = false;
      else if (next === 45 /* - */) negative = true;
      else return null;
      at = skipBlanks(codes, at + 1);
    }
    if (disp < -0x80000000 || disp > 0x7fffffff) return null;
    at = skipBlanks(codes, at + 1);
    let broadcast = 0;
    let mask = 0;
    while (codes[at] === 123 /* { */) {
      const c = codes[at + 1]! | 32;
      if (c === 107 /* k */ && codes[at + 3] === 125 /* } */) {
        const digit = codes[at + 2]! - 48;
        if (digit < 1 || digit > 7 || mask !== 0) return null;
        mask = digit;
        at += 4;
      } else if (codes[at + 1] === 49 /* 1 */ && c === 49 && (codes[at + 2]! | 32) === 116 /* t */ && (codes[at + 3]! | 32) === 111 /* o */) {
        const count = codes[at + 4]! - 48;
        if (codes[at + 5] === 125 /* } */ && (count === 2 || count === 4 || count === 8) && broadcast === 0) {
          broadcast = count;
          at += 6;
        } else if (codes[at + 4] === 49 && codes[at + 5] === 54 && codes[at + 6] === 125 /* 16} */ && broadcast === 0) {
          broadcast = 16;
          at += 7;
        } else {
          return null;
        }
      } else {
        return null;
      }
      at = skipBlanks(codes, at);
    }
    if (broadcast !== 0 && size === 0) return null;
    this.memoryEnd = at;
    // null when Memory refuses it: the general parser reports that, with its position
    return memoryOperand(size, base as Gp64 | null, index as Gp64 | null, scale as Scale, disp, broadcast, mask);
  }
}

function isNameStart(c: number): boolean {
  const letter = (c | 32) - 97;
  return (letter >= 0 && letter < 26) || c === 95 || c === 46 || c === 36 || c === 64;
}

/** Letters, digits and `_`: what continues a number literal (and makes it a name or a MASM `h` number). */
function isLiteralCode(c: number): boolean {
  const letter = (c | 32) - 97;
  return (letter >= 0 && letter < 26) || (c >= 48 && c <= 57) || c === 95;
}

function skipBlanks(codes: Uint16Array, at: number): number {
  let c = codes[at]!;
  while (c === 32 || c === 9 || c === 13) c = codes[++at]!;
  return at;
}

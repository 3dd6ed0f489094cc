import { Label } from '../../asm/label.ts';
import { JitkitError, isJitkitError } from '../../errors.ts';
import type { Assembler, Prefix } from '../assembler.ts';
import { FORMS_BY_MNEMONIC, MNEMONICS } from '../instruction-set.ts';
import { Memory } from '../memory.ts';
import type { IndexRegister, MemorySize, Scale } from '../memory.ts';
import { Kind } from '../operand-kind.ts';
import type { Operand } from '../operand.ts';
import { KREGS, Register, RegisterFlag, SegmentRegister, isVectorRegister } from '../registers.ts';
import type { Gp64, KReg, Rip } from '../registers.ts';
import { addConstants, constantInRange, multiplyConstants, negateConstant, subtractConstants } from './constant-math.ts';
import type { Constant } from './constant-math.ts';
import { literalEnd, readLiteral } from './numbers.ts';
import type { ScannedNumber } from './numbers.ts';
import { similarMnemonics } from './suggest.ts';
import { textLabels } from './text-labels.ts';
import { DIRECTIVE_WORDS, HASH_START, Keyword, SLOT_MNEMONIC, SLOT_WORD, findName, hashStep } from './words.ts';

/**
 * Template values travel through the text as one character each from Unicode's private use area, so the
 * grammar sees them where they were written and columns stay close to the source. Index = code - base.
 */
export const PLACEHOLDER_BASE = 0xe000;
const PLACEHOLDER_LAST = 0xf8ff;
export const MAX_TEMPLATE_VALUES = PLACEHOLDER_LAST - PLACEHOLDER_BASE + 1;

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const SQUOTE = 39;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const SLASH = 47;
const COLON = 58;
const SEMICOLON = 59;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const TILDE = 126;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Names (mnemonics, registers, labels) start with a letter, `_`, `.`, `$` or `@`, and go on with digits too. */
function isNameStart(code: number): boolean {
  const lower = code | 32;
  return (lower >= 97 && lower <= 122) || code === 95 || code === 46 || code === 36 || code === 64;
}

function isNameCode(code: number): boolean {
  return isNameStart(code) || isDigit(code);
}

const NO_PREFIXES: readonly Prefix[] = [];
const PREFIX_LISTS: Record<Prefix, readonly Prefix[]> = {
  lock: ['lock'], rep: ['rep'], repe: ['repe'], repz: ['repz'], repne: ['repne'], repnz: ['repnz'],
};

/**
 * Per mnemonic, a bit per operand slot where some form takes a branch target and none an immediate
 * (`jnz 0x1000`, `call 0x401000`): a number written there is an address, which the assembler takes as a bigint.
 */
const ADDRESS_SLOTS: readonly number[] = FORMS_BY_MNEMONIC.map((forms) => {
  let relative = 0;
  let immediate = 0;
  for (const form of forms) {
    const specs = [form.spec0, form.spec1, form.spec2, form.spec3];
    for (let slot = 0; slot < form.count; slot++) {
      if (specs[slot]! & Kind.REL) relative |= 1 << slot;
      if (specs[slot]! & Kind.IMM) immediate |= 1 << slot;
    }
  }
  return relative & ~immediate;
});

const DECORATION = /^(?:k([0-7])|(z)|1to(\d+))$/;

/** Where a label was first used, to say where an undefined one was needed. */
interface LabelUse {
  readonly line: number;
  readonly column: number;
}

/**
 * The Intel-syntax parser: reads assembly text and emits each statement into an `Assembler` through its
 * generic `emit(mnemonic, operands, prefixes)`, so every instruction of the table is accepted and no
 * mnemonic is special-cased here.
 *
 * Statements are separated by newlines and by `;`; `#` and `//` start comments (see the README section
 * "x86-64 assembler" for why `;` is not a comment here). The scanner reads character codes in place and
 * allocates only the names it looks up and the operands it hands to the assembler.
 */
export class X64TextParser {
  private readonly assembler: Assembler;
  private readonly labels: Map<string, Label>;
  private readonly labelUses = new Map<string, LabelUse>();
  private readonly scratch: Operand[] = [0, 0, 0, 0];
  private readonly operandsByCount: Operand[][] = [[], [0], [0, 0], [0, 0, 0], [0, 0, 0, 0]];
  private readonly scanned: ScannedNumber = { value: 0, problem: '' };
  private text = '';
  private end = 0;
  private at = 0;
  private line = 1;
  private lineStart = 0;
  private values: readonly unknown[] = [];
  /** The last decoration read: opmask register, zeroing, broadcast count (0: none). */
  private decorationMask: KReg | null = null;
  private decorationZeroing = false;
  private decorationBroadcast = 0;

  constructor(assembler: Assembler) {
    this.assembler = assembler;
    this.labels = textLabels(assembler);
  }

  /** Emits every statement of `text`; `values` are the template values its placeholders stand for. */
  parse(text: string, values: readonly unknown[] = []): void {
    this.text = text;
    this.end = text.length;
    this.at = 0;
    this.line = 1;
    this.lineStart = 0;
    this.values = values;
    while (this.at < this.end) this.statement();
  }

  /** E_LABEL naming the first use of a label the text referred to but never defined. */
  checkLabelsDefined(): void {
    for (const [name, use] of this.labelUses) {
      if (!this.labels.get(name)!.isBound) {
        throw new JitkitError('E_LABEL', `line ${use.line}, column ${use.column}: label '${name}' is used but never defined; add '${name}:' where it belongs`, {
          line: use.line,
          column: use.column,
          label: name,
        });
      }
    }
  }

  // ---- statements ---------------------------------------------------------------------------------

  private statement(): void {
    this.skipBlanks();
    let prefix: Prefix | null = null;
    let prefixAt = 0;
    while (!this.atStatementEnd()) {
      const start = this.at;
      if (prefix === null && this.isPlaceholder(this.code()) && this.values[this.code() - PLACEHOLDER_BASE] instanceof Label) {
        this.interpolatedLabelDefinition(start);
        continue;
      }
      if (!isNameStart(this.code())) {
        this.fail(prefix === null
          ? `expected an instruction, a label 'name:' or a directive (${DIRECTIVE_WORDS.join(', ')}), found ${this.describeHere()}`
          : `expected an instruction after '${prefix}', found ${this.describeHere()}`);
      }
      const slot = this.scanName();
      const nameEnd = this.at;
      this.skipBlanks();
      if (this.code() === COLON && prefix === null) {
        this.at++;
        this.defineLabel(this.text.slice(start, nameEnd), slot, start);
        this.skipBlanks();
        continue;
      }
      const word = slot < 0 ? undefined : SLOT_WORD[slot];
      if (word instanceof Keyword && word.role === 'prefix') {
        prefix = word.prefix;
        prefixAt = start;
        continue;
      }
      if (word instanceof Keyword && word.role === 'directive') {
        if (prefix !== null) this.fail(`'${prefix}' cannot prefix the directive '${word.word}'`, prefixAt);
        this.directive(word);
        break;
      }
      const id = slot < 0 ? -1 : SLOT_MNEMONIC[slot]!;
      if (id < 0) this.unknownInstruction(this.text.slice(start, nameEnd), word, start);
      this.instruction(id, prefix, prefix === null ? start : prefixAt);
      prefix = null;
      break;
    }
    // a prefix alone applies to the next instruction, as `lock` on its own line does in llvm-mc
    if (prefix !== null) this.standalonePrefix(prefix);
    this.endStatement();
  }

  private instruction(id: number, prefix: Prefix | null, start: number): void {
    let count = 0;
    const scratch = this.scratch;
    this.skipBlanks();
    if (!this.atStatementEnd()) {
      for (;;) {
        const operand = this.operand();
        if (count === 4) this.fail('an instruction takes at most 4 operands');
        scratch[count++] = operand;
        this.skipBlanks();
        if (this.code() !== COMMA) break;
        this.at++;
      }
      if (!this.atStatementEnd()) this.fail(`expected ',' between operands or the end of the statement, found ${this.describeHere()}`);
    }
    // one reused array per operand count: emit reads the length, and no array is allocated per line
    const operands = this.operandsByCount[count]!;
    for (let i = 0; i < count; i++) operands[i] = scratch[i]!;
    const addressSlots = ADDRESS_SLOTS[id]!;
    if (addressSlots !== 0) {
      for (let slot = 0; slot < operands.length; slot++) {
        const operand = operands[slot];
        if ((addressSlots >> slot) & 1 && typeof operand === 'number') operands[slot] = BigInt(operand);
      }
    }
    try {
      this.assembler.emit(MNEMONICS[id]!, operands, prefix === null ? NO_PREFIXES : PREFIX_LISTS[prefix]);
    } catch (error) {
      throw this.located(error, start);
    }
  }

  private standalonePrefix(prefix: Prefix): void {
    if (prefix === 'lock') this.assembler.lock();
    else if (prefix === 'rep') this.assembler.rep();
    else if (prefix === 'repe' || prefix === 'repz') this.assembler.repe();
    else this.assembler.repne();
  }

  private unknownInstruction(name: string, word: unknown, start: number): never {
    if (word instanceof Register || word instanceof SegmentRegister) {
      this.fail(`'${name}' is a register; a statement starts with an instruction, a label 'name:' or a directive`, start);
    }
    if (word instanceof Keyword) this.fail(`'${name}' starts an operand ('${name} ptr [rax]'), not a statement`, start);
    const similar = similarMnemonics(name);
    const hint = similar.length > 0 ? `; did you mean ${similar.join(', ')}?` : '; Assembler.mnemonics lists every instruction jitkit knows';
    throw this.error('E_OPERANDS', `unknown instruction '${name}'${hint}`, start, { mnemonic: name });
  }

  private defineLabel(name: string, slot: number, start: number): void {
    const word = slot < 0 ? undefined : SLOT_WORD[slot];
    if (word !== undefined) this.fail(`'${name}' is a ${word instanceof Keyword ? 'keyword' : 'register'} and cannot name a label`, start);
    try {
      this.assembler.bind(this.labelNamed(name, start));
    } catch (error) {
      throw this.located(error, start);
    }
  }

  /** `${label}:` binds a label object from the template's values. */
  private interpolatedLabelDefinition(start: number): void {
    const label = this.values[this.code() - PLACEHOLDER_BASE] as Label;
    this.at++;
    this.skipBlanks();
    if (this.code() !== COLON) this.fail(`an interpolated label at the start of a statement is a definition: write \${label}: with a colon`, start);
    this.at++;
    try {
      this.assembler.bind(label);
    } catch (error) {
      throw this.located(error, start);
    }
    this.skipBlanks();
  }

  private labelNamed(name: string, start: number): Label {
    let label = this.labels.get(name);
    if (label === undefined) {
      label = this.assembler.label(name);
      this.labels.set(name, label);
    }
    if (!this.labelUses.has(name)) this.labelUses.set(name, { line: this.line, column: start - this.lineStart + 1 });
    return label;
  }

  // ---- directives ---------------------------------------------------------------------------------

  private directive(word: Keyword): void {
    this.skipBlanks();
    if (word.word === 'align') {
      const alignmentAt = this.at;
      const alignment = this.constantExpression();
      try {
        this.assembler.align(constantInRange(alignment, 0, 1 << 30) ?? -1);
      } catch (error) {
        throw this.located(error, alignmentAt);
      }
      return;
    }
    const bytes: number[] = [];
    const size = word.size;
    for (;;) {
      this.skipBlanks();
      const code = this.code();
      if (size === 1 && (code === DQUOTE || code === SQUOTE)) {
        this.stringBytes(code, bytes);
      } else {
        const valueAt = this.at;
        this.dataValue(this.constantExpression(), size, valueAt, bytes);
      }
      this.skipBlanks();
      if (this.code() !== COMMA) break;
      this.at++;
    }
    if (!this.atStatementEnd()) this.fail(`expected ',' between ${word.word} values or the end of the statement, found ${this.describeHere()}`);
    this.assembler.embed(bytes);
  }

  private dataValue(value: Constant, size: MemorySize, valueAt: number, bytes: number[]): void {
    const bits = BigInt(size * 8);
    const big = BigInt(value);
    // a field holds its values written signed or unsigned: db takes -128..255
    if (big < -(1n << (bits - 1n)) || big >= 1n << bits) {
      this.fail(`${String(value)} does not fit ${size === 1 ? 'a byte' : `${size} bytes`} (${-(1n << (bits - 1n))}..${(1n << bits) - 1n})`, valueAt);
    }
    const unsigned = BigInt.asUintN(Number(bits), big);
    for (let i = 0n; i < BigInt(size); i++) bytes.push(Number((unsigned >> (8n * i)) & 0xffn));
  }

  private stringBytes(quote: number, bytes: number[]): void {
    const start = this.at++;
    while (this.at < this.end && this.code() !== quote && this.code() !== LF) {
      const code = this.code();
      if (code > 0x7f) this.fail('db strings hold ASCII characters; write other bytes as numbers', this.at);
      bytes.push(code);
      this.at++;
    }
    if (this.code() !== quote) this.fail(`string has no closing ${String.fromCharCode(quote)}`, start);
    this.at++;
  }

  // ---- operands -----------------------------------------------------------------------------------

  private operand(): Operand {
    this.skipBlanks();
    const start = this.at;
    const code = this.code();
    if (isNameStart(code)) {
      const slot = this.scanName();
      const word = slot < 0 ? undefined : SLOT_WORD[slot];
      if (word instanceof Register) {
        if ((word.flags & RegisterFlag.RIP) !== 0) this.fail(`rip can only be a memory base: [rip + 16] or [rip + name]`, start);
        return this.decoratedRegister(word);
      }
      if (word instanceof SegmentRegister) return this.segmentMemory(0, word, start);
      if (word instanceof Keyword) {
        if (word.role !== 'size') this.fail(`'${word.word}' cannot start an operand`, start);
        return this.sizedMemory(word.size, start);
      }
      const name = this.text.slice(start, this.at);
      this.skipBlanks();
      if (isNameStart(this.code())) {
        this.fail(`'${name}' is not a register or an operand size (byte, word, dword, qword, xmmword, ymmword, zmmword ptr)`, start);
      }
      return this.labelNamed(name, start);
    }
    if (code === LBRACKET) return this.memory(0, null, start);
    if (this.isPlaceholder(code)) {
      const value = this.values[code - PLACEHOLDER_BASE];
      if (value instanceof Register) {
        this.at++;
        return this.decoratedRegister(value);
      }
      if (value instanceof Memory) {
        this.at++;
        return this.decoratedMemory(value, start);
      }
      if (value instanceof Label) {
        this.at++;
        return value;
      }
      if (value instanceof SegmentRegister) {
        this.at++;
        return this.segmentMemory(0, value, start);
      }
    }
    if (isDigit(code) || code === MINUS || code === PLUS || code === LPAREN || code === TILDE || this.isPlaceholder(code)) {
      return this.constantExpression();
    }
    this.fail(`expected an operand (a register, [memory], a number or a label), found ${this.describeHere()}`);
  }

  private decoratedRegister(register: Register): Register {
    let decorated = register;
    let zeroing = false;
    this.skipBlanks();
    while (this.code() === LBRACE) {
      const decorationAt = this.at;
      this.decoration();
      if (this.decorationBroadcast !== 0) this.fail('a broadcast {1toN} belongs after a memory operand: dword ptr [rax]{1to16}', decorationAt);
      try {
        if (this.decorationMask !== null) decorated = decorated.k(this.decorationMask);
      } catch (error) {
        throw this.located(error, decorationAt);
      }
      if (this.decorationZeroing) zeroing = true;
      this.skipBlanks();
    }
    if (zeroing) {
      try {
        decorated = decorated.z();
      } catch (error) {
        throw this.located(error, this.at);
      }
    }
    return decorated;
  }

  private sizedMemory(size: MemorySize, start: number): Operand {
    this.skipBlanks();
    const ptrAt = this.at;
    if (!isNameStart(this.code()) || !this.scannedWordIs(this.scanName(), 'ptr')) {
      this.at = ptrAt;
      this.fail(`expected 'ptr' after the operand size, as in 'dword ptr [rax]'`);
    }
    this.skipBlanks();
    const code = this.code();
    if (code === LBRACKET) return this.memory(size, null, start);
    if (isNameStart(code)) {
      const nameAt = this.at;
      const slot = this.scanName();
      const word = slot < 0 ? undefined : SLOT_WORD[slot];
      if (word instanceof SegmentRegister) return this.segmentMemory(size, word, start);
      this.at = nameAt;
    }
    if (this.isPlaceholder(code)) {
      const value = this.values[code - PLACEHOLDER_BASE];
      if (value instanceof Memory) {
        this.at++;
        return this.decoratedMemory(value.size === size ? value : value.withSize(size), start);
      }
      if (value instanceof SegmentRegister) {
        this.at++;
        return this.segmentMemory(size, value, start);
      }
    }
    this.fail(`expected '[' after 'ptr', as in 'dword ptr [rax]', found ${this.describeHere()}`);
  }

  private segmentMemory(size: MemorySize, segment: SegmentRegister, start: number): Operand {
    this.skipBlanks();
    if (this.code() !== COLON) this.fail(`a segment register is only an address prefix: ${segment.name}:[rax]`, start);
    this.at++;
    this.skipBlanks();
    const code = this.code();
    if (code === LBRACKET) return this.memory(size, segment, start);
    if (this.isPlaceholder(code) && this.values[code - PLACEHOLDER_BASE] instanceof Memory) {
      const value = this.values[code - PLACEHOLDER_BASE] as Memory;
      this.at++;
      const sized = size === 0 || value.size === size ? value : value.withSize(size);
      return this.decoratedMemory(sized.withSegment(segment), start);
    }
    this.fail(`expected '[' after '${segment.name}:', as in ${segment.name}:[0x28], found ${this.describeHere()}`);
  }

  /** `[base + index*scale + disp]`, `[rip + name + disp]`; the terms may come in any order. */
  private memory(size: MemorySize, segment: SegmentRegister | null, start: number): Operand {
    this.at++; // '['
    let base: Register | null = null;
    let index: Register | null = null;
    let scale = 1;
    let disp: Constant = 0;
    let label: Label | null = null;
    let negative = false;
    this.skipBlanks();
    if (this.code() === MINUS || this.code() === PLUS) {
      negative = this.code() === MINUS;
      this.at++;
    }
    for (;;) {
      this.skipBlanks();
      const termAt = this.at;
      let register: Register | null = null;
      let termLabel: Label | null = null;
      let factor: Constant = 1;
      let constants = 0;
      for (;;) {
        this.skipBlanks();
        const code = this.code();
        const factorAt = this.at;
        if (isNameStart(code)) {
          const slot = this.scanName();
          const word = slot < 0 ? undefined : SLOT_WORD[slot];
          if (word instanceof Register) {
            if (register !== null) this.fail('two registers cannot be multiplied; write [base + index*scale]', factorAt);
            register = word;
          } else if (word === undefined) {
            if (termLabel !== null) this.fail('two labels cannot be multiplied', factorAt);
            termLabel = this.labelNamed(this.text.slice(factorAt, this.at), factorAt);
          } else {
            this.fail(`'${this.text.slice(factorAt, this.at)}' cannot appear inside [ ]; a size goes before it: dword ptr [rax]`, factorAt);
          }
        } else if (this.isPlaceholder(code) && !isConstant(this.values[code - PLACEHOLDER_BASE])) {
          const value = this.values[code - PLACEHOLDER_BASE];
          this.at++;
          if (value instanceof Register) {
            if (register !== null) this.fail('two registers cannot be multiplied; write [base + index*scale]', factorAt);
            register = value;
          } else if (value instanceof Label) {
            if (termLabel !== null) this.fail('two labels cannot be multiplied', factorAt);
            termLabel = value;
          } else {
            this.fail(`${describeValue(value)} cannot be part of an address; interpolate registers, numbers, bigints or labels`, factorAt);
          }
        } else if (isDigit(code) || code === LPAREN || code === TILDE || code === MINUS || this.isPlaceholder(code)) {
          factor = multiplyConstants(factor, this.factor());
          constants++;
        } else {
          this.fail(`expected a register, a number or a label inside [ ], found ${this.describeHere()}`);
        }
        this.skipBlanks();
        if (this.code() !== STAR) break;
        this.at++;
      }
      if (register !== null) {
        if (termLabel !== null) this.fail('a register cannot be multiplied by a label', termAt);
        if (negative) this.fail('an address cannot subtract a register; write [base + index*scale - disp]', termAt);
        if (constants > 0) {
          if (index !== null) this.fail('an address has at most one scaled index register', termAt);
          const value = constantInRange(factor, 1, 8);
          if (value !== 1 && value !== 2 && value !== 4 && value !== 8) this.fail(`the scale is ${String(factor)}; it must be 1, 2, 4 or 8`, termAt);
          index = register;
          scale = value;
        } else if ((register.flags & RegisterFlag.RIP) !== 0 || (base === null && !isVectorRegister(register))) {
          if (base !== null) this.fail('an address has at most one base register', termAt);
          base = register;
        } else {
          if (index !== null) this.fail('an address has at most a base and an index register', termAt);
          index = register;
        }
      } else if (termLabel !== null) {
        if (negative || constants > 0) this.fail('a label can only be added to an address: [rip + name + 8]', termAt);
        if (label !== null) this.fail('an address names at most one label', termAt);
        label = termLabel;
      } else {
        disp = negative ? subtractConstants(disp, factor) : addConstants(disp, factor);
      }
      this.skipBlanks();
      const code = this.code();
      if (code === RBRACKET) {
        this.at++;
        break;
      }
      if (code !== PLUS && code !== MINUS) this.fail(`expected '+', '-' or ']' in the address, found ${this.describeHere()}`);
      negative = code === MINUS;
      this.at++;
    }
    if (label !== null) {
      if (base === null || (base.flags & RegisterFlag.RIP) === 0 || index !== null) {
        this.fail(`a label in an address is RIP-relative; write [rip + ${label}]`, start);
      }
      base = null;
    }
    const displacement = constantInRange(disp, -0x80000000, 0x7fffffff);
    if (displacement === undefined) {
      throw this.error('E_RANGE', `the displacement ${String(disp)} does not fit a signed 32-bit field (-0x80000000..0x7fffffff)`, start);
    }
    this.memoryDecorations();
    const broadcast = this.decorationBroadcast;
    const mask = this.decorationMask;
    if (broadcast !== 0 && size === 0) {
      this.fail(`a broadcast needs the element size: dword ptr [rax]{1to${broadcast}} or qword ptr [rax]{1to${broadcast}}`, start);
    }
    let memory: Memory;
    try {
      memory = new Memory(size, base as Gp64 | Rip | null, index as IndexRegister | null, scale as Scale, displacement, label, segment, broadcast);
      if (mask !== null) memory = memory.k(mask);
    } catch (error) {
      throw this.located(error, start);
    }
    return memory;
  }

  private decoratedMemory(memory: Memory, start: number): Memory {
    this.memoryDecorations();
    try {
      let decorated = this.decorationBroadcast !== 0 ? memory.broadcastTo(this.decorationBroadcast) : memory;
      if (this.decorationMask !== null) decorated = decorated.k(this.decorationMask);
      return decorated;
    } catch (error) {
      throw this.located(error, start);
    }
  }

  /** Reads the `{…}` after a memory operand into decorationMask/decorationBroadcast. */
  private memoryDecorations(): void {
    let mask: KReg | null = null;
    let broadcast = 0;
    this.skipBlanks();
    while (this.code() === LBRACE) {
      const decorationAt = this.at;
      this.decoration();
      if (this.decorationZeroing) this.fail('{z} (zeroing) applies to a register destination; a memory destination takes merge-masking {k1} only', decorationAt);
      if (this.decorationMask !== null) mask = this.decorationMask;
      if (this.decorationBroadcast !== 0) broadcast = this.decorationBroadcast;
      this.skipBlanks();
    }
    this.decorationMask = mask;
    this.decorationBroadcast = broadcast;
  }

  /**
   * Reads one `{…}` — `{k1}`…`{k7}`, `{z}`, `{1toN}`, or `{${k}}` with an interpolated opmask register —
   * into the decoration fields (fields rather than a returned object: no allocation per operand).
   */
  private decoration(): void {
    const open = this.at++;
    this.skipBlanks();
    const code = this.code();
    let mask: KReg | null = null;
    let zeroing = false;
    let broadcast = 0;
    if (this.isPlaceholder(code)) {
      const value = this.values[code - PLACEHOLDER_BASE];
      if (!(value instanceof Register) || value.kind !== Kind.K) this.fail(`{${describeValue(value)}}: only an opmask register k1-k7 can be interpolated in { }`, open);
      mask = value as KReg;
      this.at++;
    } else {
      const wordEnd = literalEnd(this.text, this.at, this.end);
      const word = this.text.slice(this.at, wordEnd).toLowerCase();
      const match = DECORATION.exec(word);
      if (match === null) {
        this.fail(`unknown decoration {${word}}; jitkit takes {k1}..{k7}, {z} and {1to2}/{1to4}/{1to8}/{1to16} (embedded rounding and {sae} are not supported)`, open);
      }
      if (match[1] !== undefined) mask = KREGS[Number(match[1])]!;
      else if (match[2] !== undefined) zeroing = true;
      else broadcast = Number(match[3]);
      this.at = wordEnd;
    }
    this.skipBlanks();
    if (this.code() !== RBRACE) this.fail(`expected '}' to close the decoration, found ${this.describeHere()}`);
    this.at++;
    this.decorationMask = mask;
    this.decorationZeroing = zeroing;
    this.decorationBroadcast = broadcast;
  }

  // ---- constant expressions: + - * ( ) unary - ~ over integer literals and interpolated numbers -----

  private constantExpression(): Constant {
    let value = this.term();
    for (;;) {
      this.skipBlanks();
      const code = this.code();
      if (code !== PLUS && code !== MINUS) return value;
      this.at++;
      const right = this.term();
      value = code === PLUS ? addConstants(value, right) : subtractConstants(value, right);
    }
  }

  private term(): Constant {
    let value = this.factor();
    for (;;) {
      this.skipBlanks();
      if (this.code() !== STAR) return value;
      this.at++;
      value = multiplyConstants(value, this.factor());
    }
  }

  private factor(): Constant {
    this.skipBlanks();
    const code = this.code();
    const start = this.at;
    if (isDigit(code)) {
      const stop = literalEnd(this.text, start, this.end);
      readLiteral(this.text, start, stop, this.scanned);
      if (this.scanned.problem !== '') this.fail(this.scanned.problem, start);
      this.at = stop;
      return this.scanned.value;
    }
    if (code === MINUS || code === PLUS) {
      this.at++;
      const value = this.factor();
      return code === MINUS ? negateConstant(value) : value;
    }
    if (code === TILDE) {
      this.at++;
      return subtractConstants(negateConstant(this.factor()), 1);
    }
    if (code === LPAREN) {
      this.at++;
      const value = this.constantExpression();
      this.skipBlanks();
      if (this.code() !== RPAREN) this.fail(`expected ')' , found ${this.describeHere()}`);
      this.at++;
      return value;
    }
    if (this.isPlaceholder(code)) {
      const value = this.values[code - PLACEHOLDER_BASE];
      if (!isConstant(value)) this.fail(`${describeValue(value)} is not a number here; interpolate integers as numbers or bigints`, start);
      this.at++;
      return value;
    }
    this.fail(`expected a number, found ${this.describeHere()}`);
  }

  // ---- scanning -----------------------------------------------------------------------------------

  private code(): number {
    return this.at < this.end ? this.text.charCodeAt(this.at) : -1;
  }

  private isPlaceholder(code: number): boolean {
    return code >= PLACEHOLDER_BASE && code - PLACEHOLDER_BASE < this.values.length;
  }

  private skipBlanks(): void {
    const text = this.text;
    let at = this.at;
    while (at < this.end) {
      const code = text.charCodeAt(at);
      if (code !== SPACE && code !== TAB && code !== CR) break;
      at++;
    }
    this.at = at;
  }

  /**
   * Reads the name at the cursor, hashing its lower-case form on the way, and returns its slot in the
   * word table (-1 for a name that is not a register, keyword or mnemonic: a label).
   */
  private scanName(): number {
    const text = this.text;
    const start = this.at;
    let at = start;
    let hash = HASH_START;
    while (at < this.end) {
      let code = text.charCodeAt(at);
      if (!isNameCode(code)) break;
      if (code >= 65 && code <= 90) code += 32;
      hash = hashStep(hash, code);
      at++;
    }
    this.at = at;
    return findName(text, start, at, hash);
  }

  private scannedWordIs(slot: number, word: string): boolean {
    const found = slot < 0 ? undefined : SLOT_WORD[slot];
    return found instanceof Keyword && found.word === word;
  }

  /** A statement ends at `;`, a newline, a `#` or `//` comment, or the end of the text. */
  private atStatementEnd(): boolean {
    const code = this.code();
    return code === -1 || code === SEMICOLON || code === LF || code === HASH || (code === SLASH && this.text.charCodeAt(this.at + 1) === SLASH);
  }

  private endStatement(): void {
    this.skipBlanks();
    if (!this.atStatementEnd()) this.fail(`expected the end of the statement (';' or a new line), found ${this.describeHere()}`);
    const code = this.code();
    if (code === HASH || code === SLASH) {
      while (this.at < this.end && this.text.charCodeAt(this.at) !== LF) this.at++;
    }
    if (this.code() === SEMICOLON) {
      this.at++;
    } else if (this.code() === LF) {
      this.at++;
      this.line++;
      this.lineStart = this.at;
    }
  }

  private describeHere(): string {
    const code = this.code();
    if (code === -1) return 'the end of the text';
    if (code === LF) return 'the end of the line';
    if (this.isPlaceholder(code)) return `the interpolated ${describeValue(this.values[code - PLACEHOLDER_BASE])}`;
    const rest = this.text.slice(this.at, Math.min(this.end, this.at + 12)).split('\n')[0]!;
    return `'${rest}'`;
  }

  // ---- errors -------------------------------------------------------------------------------------

  private fail(message: string, at = this.at): never {
    throw this.error('E_SYNTAX', message, at);
  }

  private error(code: 'E_SYNTAX' | 'E_OPERANDS' | 'E_RANGE', message: string, at: number, details: Record<string, unknown> = {}): JitkitError {
    const column = at - this.lineStart + 1;
    return new JitkitError(code, `line ${this.line}, column ${column}: ${message}`, { ...details, line: this.line, column });
  }

  /** The assembler's own error (E_OPERANDS, E_RANGE, E_LABEL…) with the place in the text put in front. */
  private located(error: unknown, at: number): unknown {
    if (!isJitkitError(error)) return error;
    const column = at - this.lineStart + 1;
    return new JitkitError(error.code, `line ${this.line}, column ${column}: ${error.message}`, { ...error.details, line: this.line, column });
  }
}

function isConstant(value: unknown): value is Constant {
  return (typeof value === 'number' && Number.isSafeInteger(value)) || typeof value === 'bigint';
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? `number ${value}` : `non-integer number ${value}`;
  if (typeof value === 'string') return `string '${value}'`;
  if (value === null) return 'null';
  if (typeof value === 'object') return `${value.constructor?.name ?? 'object'} ${String(value)}`;
  return `${typeof value} ${String(value)}`;
}

import { Label } from '../../asm/label.ts';
import { JitkitError, isJitkitError } from '../../errors.ts';
import type { Assembler, Prefix } from '../assembler.ts';
import { MNEMONICS } from '../instruction-set.ts';
import { Memory } from '../memory.ts';
import type { IndexRegister, MemorySize, Scale } from '../memory.ts';
import { Kind } from '../operand-kind.ts';
import type { Operand } from '../operand.ts';
import { KREGS, Register, RegisterFlag, SegmentRegister, isVectorRegister } from '../registers.ts';
import type { Gp64, KReg, Rip } from '../registers.ts';
import { Rounding, rdSae, rnSae, ruSae, rzSae, sae } from '../rounding.ts';
import { addConstants, constantInRange, multiplyConstants, negateConstant, subtractConstants } from './constant-math.ts';
import type { Constant } from './constant-math.ts';
import { CommonStatementReader } from './common-statements.ts';
import type { CommonStatementHost } from './common-statements.ts';
import { LabelTable } from './label-table.ts';
import { ABSOLUTE_ADDRESS_MNEMONIC, ADDRESS_SLOTS, MAX_OPERANDS, SEPARATE_MASK } from './mnemonic-facts.ts';
import { borrowOperandArrays, releaseOperandArrays } from './operand-arrays.ts';
import type { OperandArrays } from './operand-arrays.ts';
import { scanLiteral } from './numbers.ts';
import type { ScannedNumber } from './numbers.ts';
import { borrowSourceCodes, releaseSourceCodes } from './source-codes.ts';
import type { SourceCodes } from './source-codes.ts';
import { similarMnemonics } from './suggest.ts';
import { textLabels } from './text-labels.ts';
import {
  DIRECTIVE_WORDS, LONG_NAME, PREFIXES, SLOT_KIND, SLOT_MNEMONIC, SLOT_NAME, SLOT_REGISTER, SLOT_SEGMENT, SLOT_VALUE, findWord,
  nameSymbol,
} from './words.ts';

/**
 * Template values travel through the text as one character each from Unicode's private use area, so the
 * grammar sees them where they were written and columns stay close to the source. Index = code - base.
 */
export const PLACEHOLDER_BASE = 0xe000;
const PLACEHOLDER_LAST = 0xf8ff;
export const MAX_TEMPLATE_VALUES = PLACEHOLDER_LAST - PLACEHOLDER_BASE + 1;


function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Names (mnemonics, registers, labels) start with a letter, `_`, `.`, `$` or `@`, and go on with digits too. */
function isNameStart(code: number): boolean {
  const letter = (code | 32) - 97;
  return (letter >= 0 && letter < 26) || code === 95 || code === 46 || code === 36 || code === 64;
}


const MOVABS = MNEMONICS.indexOf('movabs');
const PREFIX_LISTS: ReadonlyArray<readonly Prefix[]> = PREFIXES.map((prefix) => [prefix]);
const NO_CODES = new Uint16Array(2);
/** What a parser holds between parses: no operand arrays (empty ones of the same element kinds). */
const NO_OPERANDS: OperandArrays = { scratch: [], byCount: [] };

/** What `decoration()` read, in decorationKind: 0 nothing, 1 an opmask, 2 {z}, 3 {1toN}, 4 a rounding. */

const ROUNDINGS = new Map<string, Rounding>([rnSae, rdSae, ruSae, rzSae, sae].map((rounding) => [rounding.name, rounding]));
/** Code units of a decoration word: letters, digits, `_` and the `-` of `rn-sae`. */
const DECORATION_CODE = new Uint8Array(65536);
for (let code = 0; code < 128; code++) {
  if ((nameSymbol(code) !== 0 && code !== 46 && code !== 36 && code !== 64) || code === 45 /* - */) DECORATION_CODE[code] = 1;
}

/**
 * `offset name`: the absolute address of a label. Only `movabs r64, offset name` can carry it (the fluent
 * `Assembler.movAddress`: B8+r with a 64-bit absolute fixup); there is no 32-bit absolute fixup for
 * `mov r64, offset name` (C7 /0 with a sign-extended imm32) or `push offset name`.
 */
class LabelAddress {
  readonly label: Label;
  readonly at: number;
  constructor(label: Label, at: number) {
    this.label = label;
    this.at = at;
  }
}

/**
 * The Intel-syntax parser: reads assembly text and emits each statement into an `Assembler` through
 * `emitById` (the mnemonic id comes straight from the word table), so every instruction of the table is
 * accepted and no mnemonic is special-cased here.
 *
 * Statements are separated by newlines and by `;`; `#` and `//` start comments (see the README section
 * "x86-64 assembler" for why `;` is not a comment here). The scanner reads the text as UTF-16 code units
 * from a typed array (source-codes.ts), finds names by a key packed from their characters (words.ts),
 * and allocates only the operands it hands to the assembler and the names of new labels.
 */
export class X64TextParser implements CommonStatementHost {
  private readonly assembler: Assembler;
  private readonly sharedLabels: Map<string, Label>;
  private readonly labels = new LabelTable();
  /** The operand arrays of the parse in progress (operand-arrays.ts). */
  private scratch: Array<Operand | LabelAddress> = NO_OPERANDS.scratch;
  private operandsByCount: Operand[][] = NO_OPERANDS.byCount;
  private readonly scanned: ScannedNumber = { value: 0, problem: '' };
  private text = '';
  private codes: Uint16Array = NO_CODES;
  private end = 0;
  private at = 0;
  private line = 1;
  private lineStart = 0;
  private values: readonly unknown[] = [];
  /** The key of the last name scanned (words.ts); k2 is LONG_NAME for a name longer than a key holds. */
  private key0 = 0;
  private key1 = 0;
  private key2 = 0;
  /** Set by an `offset name` operand of the statement being read. */
  private sawLabelAddress = false;
  /** The last decoration read: what it was, and its opmask register, broadcast count or rounding. */
  private decorationKind = 0 /* NONE */;
  private decorationMask: KReg | null = null;
  private decorationBroadcast = 0;
  private decorationRounding: Rounding | null = null;
  /** The instruction being read takes a 64-bit absolute address (see ABSOLUTE_ADDRESS_MNEMONIC). */
  private absoluteAddresses = false;

  /** The fast path for common statements; null when turned off (tests compare both ways). */
  private readonly common: CommonStatementReader | null;

  /** `options.fastPath: false` reads every statement with the general parser (for tests). */
  constructor(assembler: Assembler, options: { readonly fastPath?: boolean } = {}) {
    this.assembler = assembler;
    this.sharedLabels = textLabels(assembler);
    this.common = options.fastPath === false ? null : new CommonStatementReader(this);
  }

  /**
   * Emits every statement of `text`; `values` are the template values its placeholders stand for.
   * `source` may hold the text's code units already (the template keeps them per call site).
   */
  parse(text: string, values: readonly unknown[] = [], source?: SourceCodes): void {
    const codes = source ?? borrowSourceCodes(text);
    const arrays = borrowOperandArrays();
    try {
      this.text = text;
      this.scratch = arrays.scratch;
      this.operandsByCount = arrays.byCount;
      this.codes = codes.codes;
      this.end = codes.length;
      this.at = 0;
      this.line = 1;
      this.lineStart = 0;
      this.values = values;
      const common = this.common;
      if (common === null) {
        while (this.at < this.end) this.statement();
      } else {
        common.codes = codes.codes;
        common.end = codes.length;
        common.scratch = arrays.scratch;
        common.operandsByCount = arrays.byCount;
        while (this.at < this.end) {
          this.skipBlanks();
          const end = common.read(this.at);
          if (end >= 0) {
            this.at = end;
            this.endStatement();
          } else {
            this.at = common.resumeAt;
            this.statement();
          }
        }
      }
    } finally {
      if (source === undefined) releaseSourceCodes(codes);
      releaseOperandArrays(arrays);
      this.codes = NO_CODES;
      this.scratch = NO_OPERANDS.scratch;
      this.operandsByCount = NO_OPERANDS.byCount;
      if (this.common !== null) {
        this.common.codes = NO_CODES;
        this.common.scratch = NO_OPERANDS.scratch;
        this.common.operandsByCount = NO_OPERANDS.byCount;
      }
    }
  }

  /** E_LABEL naming the first use of a label the text referred to but never defined. */
  checkLabelsDefined(): void {
    const { labels, names, firstLine, firstColumn } = this.labels;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i]!.isBound) continue;
      const name = names[i]!;
      throw new JitkitError('E_LABEL', `line ${firstLine[i]}, column ${firstColumn[i]}: label '${name}' is used but never defined; add '${name}:' where it belongs`, {
        line: firstLine[i],
        column: firstColumn[i],
        label: name,
      });
    }
  }

  // ---- statements ---------------------------------------------------------------------------------

  private statement(): void {
    this.skipBlanks();
    let prefix = -1;
    let prefixAt = 0;
    while (!this.atStatementEnd()) {
      const start = this.at;
      const code = this.codes[start]!;
      if (prefix < 0 && this.isPlaceholder(code) && this.values[code - PLACEHOLDER_BASE] instanceof Label) {
        this.interpolatedLabelDefinition(start);
        continue;
      }
      if (!isNameStart(code)) {
        this.fail(prefix < 0
          ? `expected an instruction, a label 'name:' or a directive (${DIRECTIVE_WORDS.join(', ')}), found ${this.describeHere()}`
          : `expected an instruction after '${PREFIXES[prefix]}', found ${this.describeHere()}`);
      }
      const slot = this.scanName();
      const nameEnd = this.at;
      this.skipBlanks();
      if (this.codes[this.at] === 58 /* : */ && prefix < 0) {
        this.at++;
        this.defineScannedLabel(start, nameEnd, slot);
        this.skipBlanks();
        continue;
      }
      const kind = slot < 0 ? 0 /* NONE */ : SLOT_KIND[slot]!;
      if (kind === 5 /* PREFIX */) {
        prefix = SLOT_VALUE[slot]!;
        prefixAt = start;
        continue;
      }
      if (kind === 6 /* DIRECTIVE */) {
        if (prefix >= 0) this.fail(`'${PREFIXES[prefix]}' cannot prefix the directive '${SLOT_NAME[slot]}'`, prefixAt);
        this.directive(slot);
        break;
      }
      const id = slot < 0 ? -1 : SLOT_MNEMONIC[slot]!;
      if (id < 0) this.unknownInstruction(this.text.slice(start, nameEnd), kind, start);
      this.instruction(id, prefix, prefix < 0 ? start : prefixAt);
      prefix = -1;
      break;
    }
    // a prefix alone applies to the next instruction, as `lock` on its own line does in llvm-mc
    if (prefix >= 0) this.standalonePrefix(prefix);
    this.endStatement();
  }

  private instruction(id: number, prefix: number, start: number): void {
    let count = 0;
    const scratch = this.scratch;
    this.sawLabelAddress = false;
    this.absoluteAddresses = ABSOLUTE_ADDRESS_MNEMONIC[id] === 1;
    this.skipBlanks();
    if (!this.atStatementEnd()) {
      for (;;) {
        const operand = this.operand();
        if (count === MAX_OPERANDS) this.fail(`an instruction takes at most ${MAX_OPERANDS} operands`);
        scratch[count++] = operand;
        this.skipBlanks();
        if (this.codes[this.at] !== 44 /* , */) break;
        this.at++;
      }
      if (!this.atStatementEnd()) this.fail(`expected ',' between operands or the end of the statement, found ${this.describeHere()}`);
    }
    if (this.sawLabelAddress) return this.labelAddressInstruction(id, count, prefix, start);
    try {
      if (SEPARATE_MASK[id] === 1 && count >= 3) count = this.foldSeparateMask(count);
      // one reused array per operand count: emitById reads the length, and no array is allocated per line
      const operands = this.operandsByCount[count]!;
      for (let i = 0; i < count; i++) operands[i] = scratch[i] as Operand;
      const addressSlots = ADDRESS_SLOTS[id]!;
      if (addressSlots !== 0) {
        for (let slot = 0; slot < count; slot++) {
          const operand = operands[slot];
          if ((addressSlots >> slot) & 1 && typeof operand === 'number') operands[slot] = BigInt(operand);
        }
      }
      if (prefix < 0) this.assembler.emitById(id, operands);
      else this.assembler.emitById(id, operands, PREFIX_LISTS[prefix]);
    } catch (error) {
      throw this.located(error, start);
    }
  }

  /**
   * iced's `vpgatherdd zmm7, k1, [rax + zmm1*4]` / `vscatterdps [rax + zmm1*4], k2, zmm7`: a plain k
   * register in slot 1 is the opmask of the destination in slot 0 (see SEPARATE_MASK).
   */
  private foldSeparateMask(count: number): number {
    const scratch = this.scratch;
    const mask = scratch[1];
    if (!(mask instanceof Register) || mask.kind !== Kind.K || mask.decoration !== 0) return count;
    const destination = scratch[0];
    if (!(destination instanceof Register || destination instanceof Memory) || destination.decoration !== 0) return count;
    scratch[0] = destination.k(mask);
    for (let i = 1; i < count - 1; i++) scratch[i] = scratch[i + 1]!;
    return count - 1;
  }

  /** `movabs r64, offset name` (see LabelAddress): the one instruction that takes a label's absolute address. */
  private labelAddressInstruction(id: number, count: number, prefix: number, start: number): void {
    const scratch = this.scratch;
    const register = scratch[0];
    const address = scratch[1];
    const fits = id === MOVABS && prefix < 0 && count === 2 && address instanceof LabelAddress &&
      register instanceof Register && (register.kind & Kind.R64) !== 0 && register.decoration === 0;
    if (!fits) {
      const at = scratch.slice(0, count).find((operand): operand is LabelAddress => operand instanceof LabelAddress)!.at;
      this.fail(`'offset name' is a label's 64-bit absolute address, which only 'movabs r64, offset name' takes (Assembler.movAddress); ` +
        `there is no 32-bit absolute fixup for other instructions: for position-independent code write lea rax, [rip + name]`, at);
    }
    try {
      this.assembler.movAddress(register, address.label);
    } catch (error) {
      throw this.located(error, start);
    }
  }

  private standalonePrefix(prefix: number): void {
    const name = PREFIXES[prefix];
    if (name === 'lock') this.assembler.lock();
    else if (name === 'rep') this.assembler.rep();
    else if (name === 'repe' || name === 'repz') this.assembler.repe();
    else this.assembler.repne();
  }

  private unknownInstruction(name: string, kind: number, start: number): never {
    if (kind === 1 /* REGISTER */ || kind === 2 /* SEGMENT */) {
      this.fail(`'${name}' is a register; a statement starts with an instruction, a label 'name:' or a directive`, start);
    }
    if (kind !== 0 /* NONE */) this.fail(`'${name}' starts an operand ('${name} ptr [rax]'), not a statement`, start);
    const similar = similarMnemonics(name);
    const hint = similar.length > 0 ? `; did you mean ${similar.join(', ')}?` : '; Assembler.mnemonics lists every instruction jitkit knows';
    throw this.error('E_OPERANDS', `unknown instruction '${name}'${hint}`, start, { mnemonic: name });
  }

  private defineScannedLabel(start: number, nameEnd: number, slot: number): void {
    if (slot >= 0 && SLOT_KIND[slot] !== 0 /* NONE */) {
      const kind = SLOT_KIND[slot] === 1 /* REGISTER */ || SLOT_KIND[slot] === 2 /* SEGMENT */ ? 'register' : 'keyword';
      this.fail(`'${this.text.slice(start, nameEnd)}' is a ${kind} and cannot name a label`, start);
    }
    const label = this.labelScanned(start, nameEnd);
    this.bindAt(label, start);
  }

  /** An instruction read by the fast path (common-statements.ts); errors are placed at `at`. */
  emit(id: number, operands: readonly Operand[], at: number): void {
    try {
      this.assembler.emitById(id, operands);
    } catch (error) {
      throw this.located(error, at);
    }
  }

  /** `name:` read by the fast path (common-statements.ts), which checked that the name is no word. */
  defineLabel(start: number, end: number, k0: number, k1: number, k2: number): void {
    this.bindAt(this.labelNamed(start, end, k0, k1, k2), start);
  }

  private bindAt(label: Label, start: number): void {
    try {
      this.assembler.bind(label);
    } catch (error) {
      throw this.located(error, start);
    }
  }

  /** `${label}:` binds a label object from the template's values. */
  private interpolatedLabelDefinition(start: number): void {
    const label = this.values[this.codes[this.at]! - PLACEHOLDER_BASE] as Label;
    this.at++;
    this.skipBlanks();
    if (this.codes[this.at] !== 58 /* : */) this.fail(`an interpolated label at the start of a statement is a definition: write \${label}: with a colon`, start);
    this.at++;
    try {
      this.assembler.bind(label);
    } catch (error) {
      throw this.located(error, start);
    }
    this.skipBlanks();
  }

  /** The label named by the text [start, end) just scanned (its key is in key0..key2). */
  private labelScanned(start: number, end: number): Label {
    return this.labelNamed(start, end, this.key0, this.key1, this.key2);
  }

  /** The label the text [start, end) names, whose key is (k0, k1, k2) (k2 = LONG_NAME for a long name). */
  labelNamed(start: number, end: number, k0: number, k1: number, k2: number): Label {
    const table = this.labels;
    const long = k2 === LONG_NAME;
    let entry = long ? table.findLong(this.text.slice(start, end)) : table.find(k0, k1, k2);
    if (entry < 0) {
      const name = this.text.slice(start, end);
      // A lone `.` or `$` is the location counter in other assemblers; llvm-mc's Intel syntax takes neither as
      // a label ("invalid use of pseudo-symbol"), and neither does jitkit, so `jmp .` is not a label `.`.
      if (name === '.' || name === '$') this.fail(`'${name}' cannot name a label (other assemblers read it as the current address, which x86-64 text here does not take): use a named label, e.g. 'here: jmp here'`, start);
      let label = this.sharedLabels.get(name);
      if (label === undefined) {
        label = this.assembler.label(name);
        this.sharedLabels.set(name, label);
      }
      entry = table.add(name, label, long, k0, k1, k2, this.line, start - this.lineStart + 1);
    }
    return table.labels[entry]!;
  }

  // ---- directives ---------------------------------------------------------------------------------

  private directive(slot: number): void {
    this.skipBlanks();
    const word = SLOT_NAME[slot]!;
    if (word === 'align') {
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
    const size = SLOT_VALUE[slot]! as MemorySize;
    for (;;) {
      this.skipBlanks();
      const code = this.codes[this.at]!;
      if (size === 1 && (code === 34 /* " */ || code === 39 /* ' */) && this.at < this.end) {
        this.stringBytes(code, bytes);
      } else {
        const valueAt = this.at;
        this.dataValue(this.constantExpression(), size, valueAt, bytes);
      }
      this.skipBlanks();
      if (this.codes[this.at] !== 44 /* , */) break;
      this.at++;
    }
    if (!this.atStatementEnd()) this.fail(`expected ',' between ${word} values or the end of the statement, found ${this.describeHere()}`);
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
    const codes = this.codes;
    while (this.at < this.end && codes[this.at] !== quote && codes[this.at] !== 10 /* LF */) {
      const code = codes[this.at]!;
      if (code > 0x7f) this.fail('db strings hold ASCII characters; write other bytes as numbers', this.at);
      bytes.push(code);
      this.at++;
    }
    if (this.at >= this.end || codes[this.at] !== quote) this.fail(`string has no closing ${String.fromCharCode(quote)}`, start);
    this.at++;
  }

  // ---- operands -----------------------------------------------------------------------------------

  private operand(): Operand | LabelAddress {
    this.skipBlanks();
    const start = this.at;
    const code = this.codes[start]!;
    if (isNameStart(code)) {
      const slot = this.scanName();
      const kind = slot < 0 ? 0 /* NONE */ : SLOT_KIND[slot]!;
      if (kind === 1 /* REGISTER */) {
        const register = SLOT_REGISTER[slot]!;
        if ((register.flags & RegisterFlag.RIP) !== 0) this.fail(`rip can only be a memory base: [rip + 16] or [rip + name]`, start);
        return this.decoratedRegister(register);
      }
      if (kind === 3 /* SIZE */) return this.sizedMemory(SLOT_VALUE[slot]! as MemorySize, start);
      if (kind === 2 /* SEGMENT */) return this.segmentMemory(0, SLOT_SEGMENT[slot]!, start);
      if (kind === 7 /* OFFSET */) return this.labelAddress(start);
      if (kind !== 0 /* NONE */) this.fail(`'${SLOT_NAME[slot]}' cannot start an operand`, start);
      const nameEnd = this.at;
      this.skipBlanks();
      if (isNameStart(this.codes[this.at]!)) {
        this.fail(`'${this.text.slice(start, nameEnd)}' is not a register or an operand size (byte, word, dword, qword, xmmword, ymmword, zmmword ptr)`, start);
      }
      return this.labelScanned(start, nameEnd);
    }
    if (code === 91 /* [ */) return this.memory(0, null, start);
    if (code === 123 /* { */) return this.roundingOperand(start);
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
      if (value instanceof Label || value instanceof Rounding) {
        this.at++;
        return value;
      }
      if (value instanceof SegmentRegister) {
        this.at++;
        return this.segmentMemory(0, value, start);
      }
    }
    if (isDigit(code) || code === 45 /* - */ || code === 43 /* + */ || code === 40 /* ( */ || code === 126 /* ~ */ || this.isPlaceholder(code)) {
      return this.constantExpression();
    }
    this.fail(`expected an operand (a register, [memory], a number or a label), found ${this.describeHere()}`);
  }

  /** `{rn-sae}`, `{rd-sae}`, `{ru-sae}`, `{rz-sae}`, `{sae}` where LLVM writes them: an operand of their own. */
  private roundingOperand(start: number): Rounding {
    this.decoration();
    if (this.decorationKind !== 4 /* ROUNDING */) {
      this.fail(`a {…} decoration goes right after the operand it applies to (zmm1 {k1}{z}, dword ptr [rax]{1to16}); ` +
        `only {rn-sae}, {rd-sae}, {ru-sae}, {rz-sae} and {sae} are operands of their own`, start);
    }
    return this.decorationRounding!;
  }

  /** `offset name` / `offset ${label}`, valid in `movabs r64, offset name` only (see LabelAddress). */
  private labelAddress(start: number): LabelAddress {
    this.skipBlanks();
    const nameAt = this.at;
    const code = this.codes[nameAt]!;
    let label: Label | null = null;
    if (isNameStart(code)) {
      const slot = this.scanName();
      if (slot < 0 || SLOT_KIND[slot] === 0 /* NONE */) label = this.labelScanned(nameAt, this.at);
    } else if (this.isPlaceholder(code) && this.values[code - PLACEHOLDER_BASE] instanceof Label) {
      label = this.values[code - PLACEHOLDER_BASE] as Label;
      this.at++;
    }
    if (label === null) {
      this.at = nameAt;
      this.fail(`expected a label name after 'offset', as in movabs rax, offset name; found ${this.describeHere()}`);
    }
    this.sawLabelAddress = true;
    return new LabelAddress(label, start);
  }

  private decoratedRegister(register: Register): Register {
    this.skipBlanks();
    if (this.codes[this.at] !== 123 /* { */) return register;
    let decorated = register;
    let zeroing = false;
    while (this.codes[this.at] === 123 /* { */) {
      const decorationAt = this.at;
      this.decoration();
      const kind = this.decorationKind;
      if (kind === 3 /* BROADCAST */) this.fail('a broadcast {1toN} belongs after a memory operand: dword ptr [rax]{1to16}', decorationAt);
      if (kind === 4 /* ROUNDING */) this.misplacedRounding(decorationAt);
      if (kind === 1 /* MASK */) {
        try {
          decorated = decorated.k(this.decorationMask!);
        } catch (error) {
          throw this.located(error, decorationAt);
        }
      }
      if (kind === 2 /* ZEROING */) zeroing = true;
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

  private misplacedRounding(at: number): never {
    const name = this.decorationRounding!.name;
    this.fail(`{${name}} is an operand of its own, after the register sources: vaddps zmm1 {k1}, zmm2, zmm3, {${name === 'sae' ? 'rn-sae' : name}}` +
      (name === 'sae' ? ' or vucomiss xmm1, xmm2, {sae}' : ''), at);
  }

  private sizedMemory(size: MemorySize, start: number): Operand {
    this.skipBlanks();
    const ptrAt = this.at;
    const slot = isNameStart(this.codes[ptrAt]!) ? this.scanName() : -1;
    if (slot < 0 || SLOT_KIND[slot] !== 4 /* PTR */) {
      this.at = ptrAt;
      this.fail(`expected 'ptr' after the operand size, as in 'dword ptr [rax]'`);
    }
    this.skipBlanks();
    const code = this.codes[this.at]!;
    if (code === 91 /* [ */) return this.memory(size, null, start);
    if (isNameStart(code)) {
      const nameAt = this.at;
      const slot = this.scanName();
      if (slot >= 0 && SLOT_KIND[slot] === 2 /* SEGMENT */) return this.segmentMemory(size, SLOT_SEGMENT[slot]!, start);
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
    if (this.codes[this.at] !== 58 /* : */) this.fail(`a segment register is only an address prefix: ${segment.name}:[rax]`, start);
    this.at++;
    this.skipBlanks();
    const code = this.codes[this.at]!;
    if (code === 91 /* [ */) return this.memory(size, segment, start);
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
    const codes = this.codes;
    let base: Register | null = null;
    let index: Register | null = null;
    let scale = 1;
    let disp: Constant = 0;
    let label: Label | null = null;
    let negative = false;
    this.skipBlanks();
    if (codes[this.at] === 45 /* - */ || codes[this.at] === 43 /* + */) {
      negative = codes[this.at] === 45 /* - */;
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
        const factorAt = this.at;
        const code = codes[factorAt]!;
        if (isNameStart(code)) {
          const slot = this.scanName();
          const kind = slot < 0 ? 0 /* NONE */ : SLOT_KIND[slot]!;
          if (kind === 1 /* REGISTER */) {
            if (register !== null) this.fail('two registers cannot be multiplied; write [base + index*scale]', factorAt);
            register = SLOT_REGISTER[slot]!;
          } else if (kind === 0 /* NONE */) {
            if (termLabel !== null) this.fail('two labels cannot be multiplied', factorAt);
            termLabel = this.labelScanned(factorAt, this.at);
          } else {
            this.fail(`'${this.text.slice(factorAt, this.at)}' cannot appear inside [ ]; a size goes before it: dword ptr [rax]`, factorAt);
          }
        } else if (isDigit(code)) {
          // the common displacement or scale: one literal, no expression
          this.at = scanLiteral(codes, this.text, factorAt, this.scanned);
          if (this.scanned.problem !== '') this.fail(this.scanned.problem, factorAt);
          factor = constants === 0 ? this.scanned.value : multiplyConstants(factor, this.scanned.value);
          constants++;
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
        } else if (code === 40 /* ( */ || code === 126 /* ~ */ || code === 45 /* - */ || this.isPlaceholder(code)) {
          factor = multiplyConstants(factor, this.factor());
          constants++;
        } else {
          this.fail(`expected a register, a number or a label inside [ ], found ${this.describeHere()}`);
        }
        this.skipBlanks();
        if (codes[this.at] !== 42 /* * */) break;
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
      } else if (typeof factor === 'number' && typeof disp === 'number') {
        const sum: number = negative ? disp - factor : disp + factor;
        disp = Number.isSafeInteger(sum) ? sum : negative ? subtractConstants(disp, factor) : addConstants(disp, factor);
      } else {
        disp = negative ? subtractConstants(disp, factor) : addConstants(disp, factor);
      }
      this.skipBlanks();
      const code = codes[this.at]!;
      if (code === 93 /* ] */) {
        this.at++;
        break;
      }
      if (code !== 43 /* + */ && code !== 45 /* - */) this.fail(`expected '+', '-' or ']' in the address, found ${this.describeHere()}`);
      negative = code === 45 /* - */;
      this.at++;
    }
    if (label !== null) {
      if (base === null || (base.flags & RegisterFlag.RIP) === 0 || index !== null) {
        this.fail(`a label in an address is RIP-relative; write [rip + ${label}]`, start);
      }
      base = null;
    }
    // movabs: an address alone is the moffs operand, up to 64 bits (its range is checked by Memory)
    const absolute = this.absoluteAddresses && base === null && index === null && label === null ? BigInt(disp) : null;
    const displacement = absolute !== null ? 0
      : typeof disp === 'number' && disp >= -0x80000000 && disp <= 0x7fffffff ? disp : constantInRange(disp, -0x80000000, 0x7fffffff);
    if (displacement === undefined) {
      const hint = base === null && index === null && label === null
        ? '; a 64-bit absolute address is movabs with al/ax/eax/rax: movabs rax, qword ptr [0x1122334455667788]' : '';
      throw this.error('E_RANGE', `the displacement ${String(disp)} does not fit a signed 32-bit field (-0x80000000..0x7fffffff)${hint}`, start);
    }
    let broadcast = 0;
    let mask: KReg | null = null;
    this.skipBlanks();
    if (codes[this.at] === 123 /* { */) {
      this.memoryDecorations();
      broadcast = this.decorationBroadcast;
      mask = this.decorationMask;
      if (broadcast !== 0 && size === 0) {
        this.fail(`a broadcast needs the element size: dword ptr [rax]{1to${broadcast}} or qword ptr [rax]{1to${broadcast}}`, start);
      }
    }
    let memory: Memory;
    try {
      memory = new Memory(size, base as Gp64 | Rip | null, index as IndexRegister | null, scale as Scale, displacement, label, segment, broadcast, 0, absolute);
      if (mask !== null) memory = memory.k(mask);
    } catch (error) {
      throw this.located(error, start);
    }
    return memory;
  }

  private decoratedMemory(memory: Memory, start: number): Memory {
    this.skipBlanks();
    if (this.codes[this.at] !== 123 /* { */) return memory;
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
    while (this.codes[this.at] === 123 /* { */) {
      const decorationAt = this.at;
      this.decoration();
      const kind = this.decorationKind;
      if (kind === 2 /* ZEROING */) this.fail('{z} (zeroing) applies to a register destination; a memory destination takes merge-masking {k1} only', decorationAt);
      if (kind === 4 /* ROUNDING */) this.misplacedRounding(decorationAt);
      if (kind === 1 /* MASK */) mask = this.decorationMask;
      if (kind === 3 /* BROADCAST */) broadcast = this.decorationBroadcast;
      this.skipBlanks();
    }
    this.decorationMask = mask;
    this.decorationBroadcast = broadcast;
  }

  /**
   * Reads one `{…}` — `{k1}`…`{k7}`, `{z}`, `{1toN}`, `{rn-sae}`…`{sae}`, or `{${k}}` with an
   * interpolated opmask register — into the decoration fields (fields rather than a returned object: no
   * allocation per operand).
   */
  private decoration(): void {
    const open = this.at++;
    this.skipBlanks();
    const codes = this.codes;
    const wordAt = this.at;
    const code = codes[wordAt]!;
    this.decorationMask = null;
    this.decorationBroadcast = 0;
    this.decorationRounding = null;
    if (this.isPlaceholder(code)) {
      const value = this.values[code - PLACEHOLDER_BASE];
      if (!(value instanceof Register) || value.kind !== Kind.K) this.fail(`{${describeValue(value)}}: only an opmask register k1-k7 can be interpolated in { }`, open);
      this.decorationKind = 1 /* MASK */;
      this.decorationMask = value as KReg;
      this.at++;
    } else {
      let wordEnd = wordAt;
      while (DECORATION_CODE[codes[wordEnd]!] === 1) wordEnd++;
      const length = wordEnd - wordAt;
      const first = code | 32;
      if (length === 2 && first === 107 && codes[wordAt + 1]! >= 48 && codes[wordAt + 1]! <= 55) {
        this.decorationKind = 1 /* MASK */;
        this.decorationMask = KREGS[codes[wordAt + 1]! - 48]!;
      } else if (length === 1 && first === 122) {
        this.decorationKind = 2 /* ZEROING */;
      } else {
        const word = this.text.slice(wordAt, wordEnd).toLowerCase();
        const broadcast = /^1to(\d+)$/.exec(word);
        const rounding = ROUNDINGS.get(word);
        if (broadcast !== null) {
          this.decorationKind = 3 /* BROADCAST */;
          this.decorationBroadcast = Number(broadcast[1]);
        } else if (rounding !== undefined) {
          this.decorationKind = 4 /* ROUNDING */;
          this.decorationRounding = rounding;
        } else {
          this.fail(`unknown decoration {${word}}; jitkit takes {k1}..{k7}, {z} and {1to2}/{1to4}/{1to8}/{1to16} after an operand, ` +
            `and {rn-sae}, {rd-sae}, {ru-sae}, {rz-sae} or {sae} as an operand of their own`, open);
        }
      }
      this.at = wordEnd;
    }
    this.skipBlanks();
    if (codes[this.at] !== 125 /* } */ || this.at >= this.end) this.fail(`expected '}' to close the decoration, found ${this.describeHere()}`);
    this.at++;
  }

  // ---- constant expressions: + - * ( ) unary - ~ over integer literals and interpolated numbers -----

  private constantExpression(): Constant {
    let value = this.term();
    for (;;) {
      this.skipBlanks();
      const code = this.codes[this.at];
      if (code !== 43 /* + */ && code !== 45 /* - */) return value;
      this.at++;
      const right = this.term();
      value = code === 43 /* + */ ? addConstants(value, right) : subtractConstants(value, right);
    }
  }

  private term(): Constant {
    let value = this.factor();
    for (;;) {
      this.skipBlanks();
      if (this.codes[this.at] !== 42 /* * */) return value;
      this.at++;
      value = multiplyConstants(value, this.factor());
    }
  }

  private factor(): Constant {
    this.skipBlanks();
    const start = this.at;
    const code = this.codes[start]!;
    if (isDigit(code)) {
      this.at = scanLiteral(this.codes, this.text, start, this.scanned);
      if (this.scanned.problem !== '') this.fail(this.scanned.problem, start);
      return this.scanned.value;
    }
    if (code === 45 /* - */ || code === 43 /* + */) {
      this.at++;
      const value = this.factor();
      return code === 45 /* - */ ? negateConstant(value) : value;
    }
    if (code === 126 /* ~ */) {
      this.at++;
      return subtractConstants(negateConstant(this.factor()), 1);
    }
    if (code === 40 /* ( */) {
      this.at++;
      const value = this.constantExpression();
      this.skipBlanks();
      if (this.codes[this.at] !== 41 /* ) */) this.fail(`expected ')' , found ${this.describeHere()}`);
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

  private isPlaceholder(code: number): boolean {
    return code >= 0xe000 /* PLACEHOLDER_BASE */ && code - 0xe000 < this.values.length;
  }

  private skipBlanks(): void {
    const codes = this.codes;
    let at = this.at;
    let code = codes[at]!;
    while (code === 32 /* ' ' */ || code === 9 /* tab */ || code === 13 /* CR */) code = codes[++at]!;
    // a 0 code unit inside the text is not a blank, and the sentinels stop the loop at the end
    this.at = at;
  }

  /**
   * Reads the name at the cursor into its packed key (key0..key2, words.ts) and returns its slot in the
   * word table (-1 for a name that is not a register, keyword or mnemonic: a label). Three loops, one per
   * key integer (five, five and six characters), so each character costs a classification, a shift and an
   * or (a multiply and an add in the third).
   */
  private scanName(): number {
    const codes = this.codes;
    const start = this.at;
    let at = start;
    let k0 = 0;
    let k1 = 0;
    let k2 = 0;
    let symbol = nameSymbol(codes[at]!);
    while (symbol !== 0) {
      k0 = (k0 << 6) | symbol;
      symbol = nameSymbol(codes[++at]!);
      if (at - start === 5) break;
    }
    while (symbol !== 0) {
      k1 = (k1 << 6) | symbol;
      symbol = nameSymbol(codes[++at]!);
      if (at - start === 10) break;
    }
    while (symbol !== 0) {
      // bijective base 40 (words.ts): six characters, at most 40 * (40^6 - 1) / 39 < 2^32
      k2 = k2 * 40 + symbol;
      symbol = nameSymbol(codes[++at]!);
      if (at - start === 16) break;
    }
    this.key0 = k0;
    this.key1 = k1;
    if (symbol !== 0) {
      // longer than any word: a label, found by its text
      while (nameSymbol(codes[at]!) !== 0) at++;
      this.key2 = -1; // LONG_NAME
      this.at = at;
      return -1;
    }
    k2 |= 0;
    this.key2 = k2;
    this.at = at;
    return findWord(k0, k1, k2);
  }

  /** A statement ends at `;`, a newline, a `#` or `//` comment, or the end of the text. */
  private atStatementEnd(): boolean {
    const at = this.at;
    if (at >= this.end) return true;
    const code = this.codes[at];
    return code === 59 /* ; */ || code === 10 /* LF */ || code === 35 /* # */ || (code === 47 /* / */ && this.codes[at + 1] === 47 /* / */);
  }

  private endStatement(): void {
    this.skipBlanks();
    if (!this.atStatementEnd()) this.fail(`expected the end of the statement (';' or a new line), found ${this.describeHere()}`);
    if (this.at >= this.end) return;
    const codes = this.codes;
    let code = codes[this.at];
    if (code === 35 /* # */ || code === 47 /* / */) {
      while (this.at < this.end && codes[this.at] !== 10 /* LF */) this.at++;
      if (this.at >= this.end) return;
      code = 10 /* LF */;
    }
    this.at++;
    if (code === 10 /* LF */) {
      this.line++;
      this.lineStart = this.at;
    }
  }

  private describeHere(): string {
    if (this.at >= this.end) return 'the end of the text';
    const code = this.codes[this.at]!;
    if (code === 10 /* LF */) return 'the end of the line';
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

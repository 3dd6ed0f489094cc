import { JitkitError, isJitkitError } from '../errors.ts';
import type { Label } from '../asm/label.ts';
import type { Arm64Assembler } from './assembler.ts';
import {
  AddressingMode, ExtendOperand, LiteralOperand, Lo12Reference, LocationOperand, MemoryOperand, ShiftOperand, VectorList,
  extendNames, namedOperand, shiftNames, type ExtendName,
} from './operands.ts';
import { Register, laneError, registerByName, vectors } from './registers.ts';
import { CommonStatementReader } from './text-fast-path.ts';

/**
 * GNU/LLVM-syntax A64 text: one statement per line or `;`, `//` comments, `name:` labels, registers
 * (`x0`, `wzr`, `sp`, `v1.4s`, `v2.s[1]`, `{ v0.16b, v1.16b }`), immediates (`#42`, `#-0x10`, `#1.5`),
 * shifts and extends (`lsl #3`, `uxtw #2`), memory operands (`[x0]`, `[x0, #8]!`, `[x0], #8`,
 * `[x0, x1, lsl #3]`, `[x0, :lo12:sym]`), `=constant` literals, branch/literal/adr(p) targets relative to
 * the instruction itself (`b .+8`, `cbz x0, .-4`, `adr x0, .`), and the directives `.byte`, `.hword`,
 * `.word`, `.quad`, `.align`/`.p2align`. Template values arrive as placeholders `\u0000n\u0000`.
 */

const PLACEHOLDER = /^\u0000(\d+)\u0000$/;
const INTEGER = /^[-+]?(0x[0-9a-f]+|0b[01]+|\d+)$/i;
const FLOAT = /^[-+]?(\d+\.\d*|\.\d+|\d+)(e[-+]?\d+)?$/i;
const IDENTIFIER = /^[A-Za-z_.$][\w.$]*$/;
const LOCAL_REFERENCE = /^(\d+)([bf])$/i;
/** `.`, `.+8`, `. - 0x10`: the instruction's own address plus a byte offset (GNU as and llvm-mc's location counter). */
const LOCATION = /^\.\s*(?:([+-])\s*(0x[0-9a-f]+|0b[01]+|\d+))?$/i;
const ELEMENT = /^v(\d+)\.(b|h|s|d)\[(\d+)\]$/i;
const ARRANGEMENT_RANGE = /^v(\d+)\.(\w+)\s*-\s*v(\d+)\.(\w+)$/i;

class LineError extends Error {}

/** Where text first named a label it did not define (kept by the assembler, see Arm64Assembler.textUses). */
export interface TextUse {
  readonly line: number;
  readonly statement: string;
  readonly definition: string;
}

/**
 * E_LABEL for the first label among `targets` that is unbound and was named by assembly text, or undefined
 * when there is none (the assembler then reports unbound labels in fluent terms).
 */
export function undefinedTextLabel(targets: Iterable<unknown>, uses: ReadonlyMap<Label, TextUse>): JitkitError | undefined {
  for (const target of targets) {
    if (typeof target !== 'object' || target === null || (target as Label).isBound) continue;
    const use = uses.get(target as Label);
    if (use === undefined) continue;
    return new JitkitError(
      'E_LABEL',
      `line ${use.line}: '${use.statement}': label '${use.definition}' is used but never defined; add '${use.definition}:' where it belongs`,
      { line: use.line, label: use.definition },
    );
  }
  return undefined;
}

function syntaxError(message: string): never {
  throw new LineError(message);
}

/** Splits at top-level commas (not inside [], {}). */
function splitOperands(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || parts.length > 0) parts.push(last);
  return parts;
}

function parseNumber(text: string): number | bigint | undefined {
  const clean = text.includes('_') ? text.replace(/_/g, '') : text;
  if (INTEGER.test(clean)) {
    const negative = clean.startsWith('-');
    const body = clean.replace(/^[-+]/, '');
    const big = BigInt(body);
    const value = negative ? -big : big;
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (FLOAT.test(clean)) return Number.parseFloat(clean);
  return undefined;
}

export class Arm64TextParser {
  private readonly assembler: Arm64Assembler;
  private readonly values: readonly unknown[];
  /**
   * GNU numeric local labels: `1:` may be defined many times; `1b` is the latest definition before the
   * reference and `1f` the next one after it. Scoped to one piece of text.
   */
  private readonly localBackward = new Map<string, Label>();
  private readonly localForward = new Map<string, Label>();
  /** The statement being assembled and its line, for recording where labels are used. */
  private line = 0;
  private statementText = '';

  /** Reads the common statements (text-fast-path.ts); null when `options.fastPath` is false (tests). */
  private readonly common: CommonStatementReader | null;

  constructor(assembler: Arm64Assembler, values: readonly unknown[] = [], options: { readonly fastPath?: boolean } = {}) {
    this.assembler = assembler;
    this.values = values;
    this.common = options.fastPath === false ? null : new CommonStatementReader({
      assembler,
      labelReference: (name) => this.used(assembler.label(name), name),
    });
  }

  /** Assembles every statement of `text` into the assembler. */
  assemble(text: string): void {
    const lines = text.split('\n');
    for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
      let line = lines[lineIndex]!;
      const comment = line.indexOf('//');
      if (comment >= 0) line = line.slice(0, comment);
      // Most lines hold one statement: split (and allocate the array) only when there is a ';'.
      const statements = line.includes(';') ? line.split(';') : [line];
      for (const statement of statements) {
        const trimmed = statement.trim();
        try {
          this.line = lineIndex + 1;
          this.statementText = trimmed;
          this.statement(trimmed);
        } catch (error) {
          const where = `line ${lineIndex + 1}: '${trimmed}'`;
          if (error instanceof LineError) throw new JitkitError('E_SYNTAX', `${where}: ${error.message}`, { line: lineIndex + 1 });
          if (isJitkitError(error)) throw new JitkitError(error.code, `${where}: ${error.message}`, { ...error.details, line: lineIndex + 1 });
          throw error;
        }
      }
    }
  }

  private statement(text: string): void {
    if (this.common !== null && this.common.read(text)) return;
    let rest = text;
    // A label definition needs a ':'; most statements have none, and skip the pattern.
    while (rest.includes(':')) {
      const label = /^([A-Za-z_.$][\w.$]*|\d+|\u0000\d+\u0000)\s*:(?!:)/.exec(rest);
      if (label === null) break;
      const name = label[1]!;
      if (name === '.') syntaxError(`'.' is the location counter (the current instruction's address), not a label name`);
      const placeholder = PLACEHOLDER.exec(name);
      if (placeholder !== null) this.assembler.bind(this.values[Number(placeholder[1])] as never);
      else if (/^\d/.test(name)) {
        const local = this.localForward.get(name) ?? this.assembler.newLabel(name);
        this.localForward.delete(name);
        this.assembler.bind(local);
        this.localBackward.set(name, local);
      } else this.assembler.bind(name);
      rest = rest.slice(label[0].length).trim();
    }
    if (rest === '') return;
    const space = rest.search(/\s/);
    const mnemonic = (space < 0 ? rest : rest.slice(0, space)).toLowerCase();
    const operandText = space < 0 ? '' : rest.slice(space + 1).trim();
    if (mnemonic.startsWith('.')) {
      this.directive(mnemonic, operandText);
      return;
    }
    const parts = operandText === '' ? [] : splitOperands(operandText);
    const operands: unknown[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part === '') syntaxError('empty operand');
      const operand = this.operand(part);
      // `[base], #imm` / `[base], xm`: an operand after a plain memory operand is its post-index.
      if (i === parts.length - 2 && operand instanceof MemoryOperand && !part.endsWith('!') && operand.offset === 0 && operand.index === null && operand.lo12 === null && /^\[\s*[^,\]]*\]$/.test(part)) {
        const increment = this.operand(parts[i + 1]!);
        if (increment instanceof Register) operands.push(new MemoryOperand(operand.base, AddressingMode.PostIndex, 0, increment));
        else if (typeof increment === 'number') operands.push(new MemoryOperand(operand.base, AddressingMode.PostIndex, increment));
        else syntaxError(`post-index must be #imm or a register, not '${parts[i + 1]}'`);
        break;
      }
      operands.push(operand);
    }
    this.assembler.instruction(mnemonic, operands);
  }

  private directive(name: string, text: string): void {
    const args = text === '' ? [] : splitOperands(text).map((part) => this.integer(part));
    const widths: Record<string, number> = { '.byte': 1, '.hword': 2, '.short': 2, '.word': 4, '.long': 4, '.inst': 4, '.quad': 8, '.xword': 8 };
    const width = widths[name];
    if (width !== undefined) {
      for (const value of args) {
        const big = BigInt.asUintN(width * 8, BigInt(value));
        const bytes: number[] = [];
        for (let i = 0; i < width; i++) bytes.push(Number((big >> BigInt(8 * i)) & 0xffn));
        this.assembler.bytes(bytes);
      }
      return;
    }
    if (name === '.align' || name === '.p2align' || name === '.balign') {
      const value = Number(args[0] ?? 0);
      this.assembler.align(name === '.balign' ? value : 2 ** value);
      return;
    }
    if (name === '.text') return;
    syntaxError(`unknown directive ${name}; supported: .byte .hword .word .inst .quad .align .p2align .balign`);
  }

  private integer(text: string): number | bigint {
    const value = this.value(text.replace(/^#/, ''));
    if (typeof value !== 'number' && typeof value !== 'bigint') syntaxError(`'${text}' is not an integer`);
    return value;
  }

  /** A bare value: placeholder, number, register, named operand or label. */
  private value(text: string): unknown {
    // A register is the commonest operand and one map lookup; register names start with a letter, so a
    // number or placeholder skips the lookup.
    const first = text.charCodeAt(0);
    if ((first | 0x20) >= 0x61 && (first | 0x20) <= 0x7a) {
      const direct = registerByName(text);
      if (direct !== undefined) return direct;
    }
    if (first === 0) {
      const placeholder = PLACEHOLDER.exec(text);
      if (placeholder !== null) return this.values[Number(placeholder[1])];
    }
    const number = parseNumber(text);
    if (number !== undefined) return number;
    const register = this.register(text);
    if (register !== undefined) return register;
    const named = namedOperand(text);
    if (named !== undefined) return named;
    const location = LOCATION.exec(text);
    if (location !== null) {
      const magnitude = location[2] === undefined ? 0 : Number(BigInt(location[2]));
      return new LocationOperand(location[1] === '-' ? -magnitude : magnitude);
    }
    if (IDENTIFIER.test(text)) return this.used(this.assembler.label(text), text);
    const local = LOCAL_REFERENCE.exec(text);
    if (local !== null) return this.localLabel(local[1]!, local[2]!.toLowerCase() === 'f');
    return syntaxError(`'${text}' is not a register, immediate, condition or label`);
  }

  /** Records the first use of a label the text may not define (see undefinedTextLabel). */
  private used(label: Label, definition: string): Label {
    const uses = this.assembler.textUses;
    if (!label.isBound && !uses.has(label)) uses.set(label, { line: this.line, statement: this.statementText, definition });
    return label;
  }

  private localLabel(name: string, forward: boolean): Label {
    if (!forward) {
      const label = this.localBackward.get(name);
      if (label === undefined) syntaxError(`'${name}b' refers back to local label ${name}, but no '${name}:' comes before it; use '${name}f' for one that follows`);
      return label;
    }
    let label = this.localForward.get(name);
    if (label === undefined) {
      label = this.used(this.assembler.newLabel(`${name}f`), name);
      this.localForward.set(name, label);
    }
    return label;
  }

  private register(text: string): Register | undefined {
    const direct = registerByName(text);
    if (direct !== undefined) return direct;
    const element = ELEMENT.exec(text);
    if (element !== null) {
      const vector = vectors[Number(element[1])];
      const size = 'bhsd'.indexOf(element[2]!.toLowerCase());
      if (vector === undefined) syntaxError(`'${text}': there is no v${element[1]}; the vector registers are v0..v31`);
      const lane = vector.element(size, Number(element[3]));
      if (lane === undefined) throw laneError(`v${vector.index}`, size, element[3]);
      return lane;
    }
    return undefined;
  }

  private operand(text: string): unknown {
    const first = text[0];
    if (first === '#') {
      const value = this.value(text.slice(1).trim());
      if (typeof value !== 'number' && typeof value !== 'bigint') syntaxError(`'${text}' is not a number`);
      return value;
    }
    if (first === '=') {
      const value = this.value(text.slice(1).trim());
      if (typeof value !== 'number' && typeof value !== 'bigint') syntaxError(`'${text}' needs a numeric constant`);
      return new LiteralOperand(value);
    }
    if (first === '[') return this.memory(text);
    if (first === '{') return this.vectorList(text);
    if (text.startsWith(':lo12:')) return this.lo12(text.slice(6).trim());
    // Anything but a shift or extend (`lsl #3`, `uxtw`) is a value, registers most often: those go there at once.
    if (!/^[a-z]{3,4}(\s|$)/i.test(text)) return this.value(text);
    const shiftOrExtend = /^([a-z]{3,4})(?:\s+#?\s*(.+))?$/i.exec(text);
    if (shiftOrExtend !== null) {
      const name = shiftOrExtend[1]!.toLowerCase();
      const shiftType = (shiftNames as readonly string[]).indexOf(name);
      const extendType = (extendNames as readonly string[]).indexOf(name);
      if (shiftType >= 0 && shiftOrExtend[2] !== undefined) return new ShiftOperand(shiftType, Number(this.integer(shiftOrExtend[2])));
      if (extendType >= 0) return new ExtendOperand(extendType, shiftOrExtend[2] === undefined ? undefined : Number(this.integer(shiftOrExtend[2])));
    }
    return this.value(text);
  }

  private lo12(text: string): Lo12Reference {
    const match = /^(.+?)\s*(?:([+-])\s*(\w+))?$/.exec(text)!;
    const target = this.value(match[1]!);
    const addend = match[3] === undefined ? 0 : Number(this.integer(match[3])) * (match[2] === '-' ? -1 : 1);
    if (typeof target !== 'bigint' && !(target && typeof target === 'object' && 'owner' in target)) syntaxError(`:lo12: needs a label or an address, not '${text}'`);
    return new Lo12Reference(target as never, addend);
  }

  private memory(text: string): MemoryOperand {
    const match = /^\[(.*)\]\s*(!?)$/.exec(text);
    if (match === null) syntaxError(`'${text}' is not a memory operand like [x0, #8]`);
    const preIndex = match[2] === '!';
    const parts = splitOperands(match[1]!);
    const base = this.value(parts[0] ?? '');
    if (!(base instanceof Register) || (base.kind !== 'x' && base.kind !== 'sp')) syntaxError(`the base of '${text}' must be x0..x30 or sp`);
    if (parts.length === 1) return new MemoryOperand(base, preIndex ? AddressingMode.PreIndex : AddressingMode.Offset, 0);
    const second = parts[1]!;
    if (second.startsWith(':lo12:')) {
      if (parts.length > 2 || preIndex) syntaxError(`'${text}': :lo12: takes no further operands`);
      return new MemoryOperand(base, AddressingMode.Offset, 0, null, null, undefined, this.lo12(second.slice(6).trim()));
    }
    const offset = this.operand(second);
    if (typeof offset === 'number') {
      if (parts.length > 2) syntaxError(`'${text}' has operands after the offset`);
      return new MemoryOperand(base, preIndex ? AddressingMode.PreIndex : AddressingMode.Offset, offset);
    }
    if (offset instanceof Register) {
      if (preIndex) syntaxError(`'${text}': a register offset cannot be pre-indexed`);
      if (parts.length === 2) return new MemoryOperand(base, AddressingMode.Offset, 0, offset);
      const modifier = this.operand(parts[2]!);
      if (modifier instanceof ShiftOperand && modifier.type === 0) return new MemoryOperand(base, AddressingMode.Offset, 0, offset, 'lsl', modifier.amount);
      if (modifier instanceof ExtendOperand) {
        return new MemoryOperand(base, AddressingMode.Offset, 0, offset, extendNames[modifier.type] as ExtendName, modifier.amount);
      }
      syntaxError(`'${parts[2]}' is not lsl #n or an extend`);
    }
    if (typeof offset === 'bigint') syntaxError(`offset ${offset} is far too large`);
    return syntaxError(`'${second}' is not an offset`);
  }

  /**
   * `{ v0.16b, v1.16b }`, `{ v0.4s - v3.4s }`, or a lane list `{ v0.s, v1.s }[1]` / `{ v0.b - v3.b }[15]`
   * (elements written without their lane, which follows the braces).
   */
  private vectorList(text: string): VectorList {
    const match = /^\{(.*)\}\s*(?:\[\s*(\w+)\s*\])?$/.exec(text.trim());
    if (match === null) syntaxError(`'${text}' is not a register list like { v0.16b, v1.16b } or { v0.s, v1.s }[1]`);
    const inner = match[1]!.trim();
    const lane = match[2] === undefined ? undefined : Number(this.integer(match[2]));
    const lookUp = (index: number, suffix: string): Register | undefined => {
      if (lane === undefined) return registerByName(`v${index}.${suffix}`);
      const size = 'bhsd'.indexOf(suffix.toLowerCase());
      if (size < 0 || suffix.length !== 1) syntaxError(`'${text}': a lane list names elements .b, .h, .s or .d, not .${suffix}`);
      const vector = vectors[index];
      if (vector === undefined) syntaxError(`'${text}': there is no v${index}; the vector registers are v0..v31`);
      const element = vector.element(size, lane);
      if (element === undefined) throw laneError(`'${text}': v${index}`, size, lane);
      return element;
    };
    const range = ARRANGEMENT_RANGE.exec(inner);
    if (range !== null) {
      const first = Number(range[1]);
      const last = Number(range[3]);
      const count = ((last - first + 32) % 32) + 1;
      const registers = Array.from({ length: count }, (_, i) => lookUp((first + i) % 32, range[2]!.toLowerCase()));
      if (registers.some((r) => r === undefined)) syntaxError(`'${text}' has an unknown arrangement`);
      return new VectorList(registers as Register[]);
    }
    const registers = splitOperands(inner).map((part) => {
      const element = lane === undefined ? undefined : /^v(\d+)\.(\w+)$/i.exec(part);
      const register = element ? lookUp(Number(element[1]), element[2]!) : lane === undefined ? this.value(part) : undefined;
      if (!(register instanceof Register)) syntaxError(`'${part}' in a register list is not a vector register`);
      return register;
    });
    return new VectorList(registers);
  }
}

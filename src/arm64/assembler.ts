import { CodeBuffer } from '../asm/code-buffer.ts';
import { ConstantPool } from '../asm/constant-pool.ts';
import { applyFixups, type Fixup, type FixupFormat } from '../asm/fixup.ts';
import { Label } from '../asm/label.ts';
import { JitkitError } from '../errors.ts';
import { FixupTable } from './fixup-table.ts';
import { branch26, isRelativeFormat, type RelativeFixupFormat } from './fixups.ts';
import { formSignature, type EncoderHost, type Form } from './form.ts';
import { split, splitInteger } from './immediates.ts';
import type { Arm64Instructions } from './instruction-methods.ts';
import { planMoveImmediate } from './mov-immediate.ts';
import { classOf } from './operand-class-of.ts';
import { specialisedEncoders } from './instruction-encoders.ts';
import { instructionText, operandText } from './operand-text.ts';
import { lsl, namedOperand } from './operands.ts';
import { Register, gp32, gp64 } from './registers.ts';
import { formsByMnemonic } from './table.ts';
import { methodName } from './method-name.ts';
import { Arm64TextParser, undefinedTextLabel, type TextUse } from './parser.ts';

/** The specialised encoder of each mnemonic by its assembly name (`b.eq`), for text and `instruction()`: one lookup. */
const encoderByMnemonic = new Map([...formsByMnemonic.keys()].map((mnemonic) => [mnemonic, specialisedEncoders.get(methodName(mnemonic))!]));

/** An LDR (literal) reaches ±1 MiB; the pool is placed before the oldest pending load would lose it. */
const LITERAL_REACH = (1 << 20) - 4;
/** Room for the branch over the pool and the instruction being emitted when the check runs. */
const POOL_FLUSH_MARGIN = 16;
/**
 * The deadline while no literal is pending: beyond any code size, and a small integer (V8 keeps a field
 * that once held Infinity as a boxed double, which every instruction's deadline check would then load).
 */
const NO_POOL_DEADLINE = 0x3fffffff;

function resolveName(operand: unknown): unknown {
  if (typeof operand !== 'string') return operand;
  const named = namedOperand(operand);
  if (named === undefined) {
    throw new JitkitError('E_OPERANDS', `'${operand}' is not a condition, barrier option, system register or cache operation`);
  }
  return named;
}

export interface Arm64AssemblerOptions {
  /** Initial code buffer capacity in bytes. */
  readonly initialCapacity?: number;
}

/**
 * The A64 assembler: a fluent method per mnemonic (`a.add(x0, x1, 1).ret()`), labels, fixups and a
 * literal pool, all driven by the instruction table. Every instruction is one 32-bit little-endian word
 * written straight into the code buffer; nothing is allocated per instruction on the common path.
 */
export class Arm64Assembler implements EncoderHost {
  readonly buffer: CodeBuffer;
  /** The operands of the instruction being encoded (read by slots such as bfi's width). */
  readonly operands: unknown[] = [undefined, undefined, undefined, undefined, undefined];
  /**
   * Pending fixups as typed columns (see fixup-table.ts) rather than one object each: most are label
   * branches that finalize resolves in a tight loop, and nothing is allocated per branch.
   */
  private readonly fixups = new FixupTable();
  /** Every label this assembler made, by id: fixups name their target by id. */
  private readonly labels: Label[] = [];
  private readonly namedLabels = new Map<string, Label>();
  /**
   * Where assembly text first named each label it did not define, so an undefined one is reported in text
   * terms (add `name:`). A field, not a module-level WeakMap keyed by label: V8's scavenger keeps a WeakMap
   * value alive while its key is young, and a label holds its assembler, so every text assembler would be
   * promoted to the old heap with its buffer (the same cost the x64 text parser had). @internal
   */
  readonly textUses = new Map<Label, TextUse>();
  private readonly pool = new ConstantPool(() => this.newLabel());
  /** Offset of the oldest load that refers to the unflushed pool, or -1. */
  private oldestPoolReference = -1;
  /** Once the code reaches this offset, the pool is emitted before the next instruction. @internal */
  poolDeadline = NO_POOL_DEADLINE;
  /**
   * The generated encoders' one test before an instruction: below this offset the pool is not due and the
   * buffer has room for the word, so `storeWord` needs no check. It is min(poolDeadline, capacity - 3), kept
   * low when either changes (a stale low value only costs a call to `prepareWord`, which recomputes it). @internal
   */
  writeLimit = 0;
  /** A fixup the instruction being encoded asked for, written once its word is. @internal */
  pendingFormat: FixupFormat | null = null;
  private pendingTarget: Label | bigint = 0n;
  private pendingAddend = 0;

  constructor(options: Arm64AssemblerOptions = {}) {
    this.buffer = new CodeBuffer(options.initialCapacity ?? 4096);
  }

  /** Offset in bytes where the next instruction goes. */
  get position(): number {
    return this.buffer.length;
  }

  newLabel(name?: string): Label {
    const labels = this.labels;
    const id = labels.length;
    const label = new Label(id, this, name);
    // an indexed store, which V8 inlines (a push here stayed a builtin call per label)
    labels[id] = label;
    return label;
  }

  /** The label called `name`, created on first use (text labels and `a.label('loop')` share these). */
  label(name: string): Label {
    let label = this.namedLabels.get(name);
    if (label === undefined) {
      label = this.newLabel(name);
      this.namedLabels.set(name, label);
    }
    return label;
  }

  /** Binds a label (or a named label) at the current position. */
  bind(label: Label | string): this {
    const target = typeof label === 'string' ? this.label(label) : label;
    this.checkOwner(target);
    if (target.isBound) {
      throw new JitkitError('E_LABEL', `label ${target} is already bound at offset ${target.offset}; create another label with newLabel()`);
    }
    target.offset = this.buffer.length;
    return this;
  }

  /** Assembles LLVM-syntax text (see parser.ts) at the current position; labels are shared with label(name). */
  assemble(text: string): this {
    new Arm64TextParser(this).assemble(text);
    return this;
  }

  /** Tagged template: ``a.a64`add x0, x0, #${n}; b ${loop}` ``; values stand for themselves, not their text. */
  a64(strings: TemplateStringsArray, ...values: unknown[]): this {
    let text = strings[0]!;
    for (let i = 0; i < values.length; i++) text += `\u0000${i}\u0000${strings[i + 1]}`;
    new Arm64TextParser(this, values).assemble(text);
    return this;
  }

  /** Appends a raw 32-bit instruction word. */
  word(value: number): this {
    this.checkPool();
    this.writeWord(value);
    return this;
  }

  /** Appends raw bytes (data in the code stream). */
  bytes(data: ArrayLike<number>): this {
    this.buffer.bytes(data);
    return this;
  }

  /** Pads with NOPs (or zero bytes to a word boundary first) until the position is a multiple of `alignment`. */
  align(alignment: number): this {
    if (alignment < 1 || (alignment & (alignment - 1)) !== 0) {
      throw new JitkitError('E_OPERANDS', `alignment ${alignment} is not a power of two`);
    }
    while (this.buffer.length % 4 !== 0 && this.buffer.length % alignment !== 0) this.buffer.u8(0);
    while (this.buffer.length % alignment !== 0) this.writeWord(0xd503201f);
    return this;
  }

  /**
   * Encodes one instruction with the first form of `forms` whose slots take the operands. Operand classes
   * are compared with one AND each before any encoder runs; an encoder that cannot fit a value (-1) makes
   * the next form be tried. Strings are condition/barrier/system-register names.
   */
  emit(forms: readonly Form[], o0?: unknown, o1?: unknown, o2?: unknown, o3?: unknown, o4?: unknown): this {
    if (this.buffer.length >= this.poolDeadline) this.flushPool(true);
    const count = o4 !== undefined ? 5 : o3 !== undefined ? 4 : o2 !== undefined ? 3 : o1 !== undefined ? 2 : o0 !== undefined ? 1 : 0;
    const operands = this.operands;
    operands[0] = o0;
    operands[1] = o1;
    operands[2] = o2;
    operands[3] = o3;
    operands[4] = o4;
    // An absent operand has class -1, and a form's absent slot accepts -1, so the four tests need no count.
    const c0 = count > 0 ? classOf(o0) : -1;
    const c1 = count > 1 ? classOf(o1) : -1;
    const c2 = count > 2 ? classOf(o2) : -1;
    const c3 = count > 3 ? classOf(o3) : -1;
    const c4 = count > 4 ? classOf(o4) : -1;
    for (let i = 0; i < forms.length; i++) {
      const form = forms[i]!;
      if (form.count !== count || (form.accepts0 & c0) === 0 || (form.accepts1 & c1) === 0 || (form.accepts2 & c2) === 0 || (form.accepts3 & c3) === 0 || (form.accepts4 & c4) === 0) continue;
      if (form.macro !== undefined) {
        if (form.macro(this, [o0, o1, o2, o3, o4].slice(0, count))) return this;
        continue;
      }
      const slots = form.slots;
      let word = form.bits;
      let field: number;
      let slot;
      if (count > 0) {
        slot = slots[0]!;
        if ((field = slot.registerShift! >= 0 ? (o0 as Register).index << slot.registerShift! : slot.encode(o0, this)) < 0) continue;
        word |= field;
        if (count > 1) {
          slot = slots[1]!;
          if ((field = slot.registerShift! >= 0 ? (o1 as Register).index << slot.registerShift! : slot.encode(o1, this)) < 0) continue;
          word |= field;
          if (count > 2) {
            slot = slots[2]!;
            if ((field = slot.registerShift! >= 0 ? (o2 as Register).index << slot.registerShift! : slot.encode(o2, this)) < 0) continue;
            word |= field;
            if (count > 3) {
              slot = slots[3]!;
              if ((field = slot.registerShift! >= 0 ? (o3 as Register).index << slot.registerShift! : slot.encode(o3, this)) < 0) continue;
              word |= field;
              if (count > 4) {
                slot = slots[4]!;
                if ((field = slot.registerShift! >= 0 ? (o4 as Register).index << slot.registerShift! : slot.encode(o4, this)) < 0) continue;
                word |= field;
              }
            }
          }
        }
      }
      if (form.constraint !== undefined && !form.constraint.test(operands)) continue;
      if (this.pendingFormat !== null) word |= this.commitFixup();
      this.writeWord(word);
      return this;
    }
    this.pendingFormat = null;
    // Names (conditions, barrier options, system registers) arrive as strings from the fluent API; they are
    // resolved here, off the common path, and the instruction is tried again.
    if (typeof o0 === 'string' || typeof o1 === 'string' || typeof o2 === 'string' || typeof o3 === 'string' || typeof o4 === 'string') {
      return this.emit(forms, resolveName(o0), resolveName(o1), resolveName(o2), resolveName(o3), resolveName(o4));
    }
    throw this.operandError(forms, [o0, o1, o2, o3, o4].slice(0, count));
  }

  /**
   * Records the fixup the encoded instruction asked for, and returns bits to OR into its word: a branch
   * or ADR to a label that is already bound (a backward reference) is resolved here and needs no fixup.
   * @internal
   */
  commitFixup(): number {
    const at = this.buffer.length;
    const format = this.pendingFormat!;
    const target = this.pendingTarget;
    this.pendingFormat = null;
    if (typeof target !== 'bigint' && target.offset >= 0 && isRelativeFormat(format)) {
      const field = format.relativeField(target.offset + this.pendingAddend - at);
      if (field >= 0) return field;
    }
    this.addFixup(at, target, this.pendingAddend, format);
    return 0;
  }

  /**
   * A branch (or literal load, or ADR) to a label, for the generated encoders: the field bits when the
   * label is bound and in reach (a backward branch), else 0 and a fixup that finalize resolves or reports.
   * @internal
   */
  branchTo(label: Label, format: RelativeFixupFormat): number {
    if (label.owner !== this) this.checkOwner(label);
    const at = this.buffer.length;
    if (label.offset >= 0) {
      const field = format.relativeField(label.offset - at);
      if (field >= 0) return field;
    }
    this.fixups.add(at, label.id, 0, format);
    return 0;
  }

  private addFixup(at: number, target: Label | bigint, addend: number, format: FixupFormat): void {
    const fixups = this.fixups;
    fixups.add(at, typeof target === 'bigint' ? fixups.addressTarget(target) : target.id, addend, format);
  }

  /** Assembles by mnemonic name (the text parser's entry point); `b.eq` and friends included. */
  instruction(mnemonic: string, operands: readonly unknown[]): this {
    const encoder = encoderByMnemonic.get(mnemonic) ?? encoderByMnemonic.get(mnemonic.toLowerCase());
    if (encoder === undefined) {
      throw new JitkitError('E_OPERANDS', `'${mnemonic}' is not an A64 instruction jitkit assembles`, { mnemonic });
    }
    if (operands.length > 5) throw this.operandError(formsByMnemonic.get(mnemonic.toLowerCase())!, operands);
    return encoder.call(this, operands[0], operands[1], operands[2], operands[3], operands[4]) as this;
  }

  /**
   * Encodes one instruction and returns its word without keeping it (the disassembler's check that a
   * decoded text assembles back to the same word). Throws like `instruction` when nothing fits.
   */
  encodeInstruction(mnemonic: string, operands: readonly unknown[]): number {
    const start = this.buffer.length;
    const fixupCount = this.fixups.count;
    const addressCount = this.fixups.addresses.length;
    try {
      this.instruction(mnemonic, operands);
      if (this.buffer.length !== start + 4) throw new JitkitError('E_OPERANDS', `${mnemonic} expands to more than one instruction`);
      return this.buffer.readU32(start);
    } finally {
      this.buffer.length = start;
      this.fixups.count = fixupCount;
      this.fixups.addresses.length = addressCount;
    }
  }

  requestFixup(format: FixupFormat, target: Label | bigint, addend: number): void {
    if (target instanceof Label) this.checkOwner(target);
    this.pendingFormat = format;
    this.pendingTarget = target;
    this.pendingAddend = addend;
  }

  labelHere(): Label {
    const label = this.newLabel('.');
    label.offset = this.buffer.length;
    return label;
  }

  addConstant(bytes: Uint8Array, alignment: number): Label {
    const label = this.pool.add(bytes, alignment);
    if (this.oldestPoolReference < 0) this.oldestPoolReference = this.buffer.length;
    this.poolDeadline = this.oldestPoolReference + LITERAL_REACH - this.pool.worstCaseSize - POOL_FLUSH_MARGIN;
    if (this.poolDeadline < this.writeLimit) this.writeLimit = this.poolDeadline;
    return label;
  }

  /** `mov Rd, #constant` in as few instructions as the table allows (see mov-immediate.ts). */
  moveConstant(register: Register, value: unknown, width: 32 | 64): boolean {
    if (!splitInteger(value)) return false;
    const { hi, lo } = split;
    if (width === 32 && hi !== 0 && !(hi === 0xffffffff && (lo & 0x80000000) !== 0)) return false;
    const emit = (mnemonic: string, ...operands: unknown[]) => this.instruction(mnemonic, operands);
    for (const step of planMoveImmediate(hi, lo, width)) {
      if (step.kind === 'orr') emit('orr', register, width === 64 ? gp64[31] : gp32[31], step.value);
      else emit(step.kind, register, step.chunk, lsl(step.shift));
    }
    return true;
  }

  /** Emits the literal pool here now (normally automatic: before a pending load would lose reach, and at finalize). */
  flushPool(branchOver: boolean): this {
    if (this.pool.isEmpty) return this;
    this.poolDeadline = NO_POOL_DEADLINE;
    let over: Label | undefined;
    if (branchOver) {
      over = this.newLabel('pool_end');
      this.addFixup(this.buffer.length, over, 0, branch26);
      this.writeWord(0x14000000);
    }
    this.pool.flush(
      () => this.buffer.length,
      (count) => this.buffer.fill(0, count),
      (label) => { label.offset = this.buffer.length; },
      (bytes) => this.buffer.bytes(bytes),
    );
    if (over !== undefined) over.offset = this.buffer.length;
    this.oldestPoolReference = -1;
    return this;
  }

  /**
   * Places the pending literal pool after the code, resolves every fixup for a load address of `base`
   * (adrp and :lo12: depend on it) and returns a copy of the bytes.
   */
  finalize(base = 0n): Uint8Array {
    this.flushPool(false);
    const bytes = this.buffer.toBytes();
    const rest = this.resolveLabelFixups(bytes);
    if (rest.length > 0) {
      // A label that assembly text named but never defined is reported in text terms (add `name:`).
      const undefinedLabel = undefinedTextLabel(rest.map((fixup) => fixup.target), this.textUses);
      if (undefinedLabel !== undefined) throw undefinedLabel;
      applyFixups(bytes, rest, base);
    }
    return bytes;
  }

  /**
   * Writes the label-relative branches and ADRs into `bytes` directly and returns the fixups left for the
   * generic applyFixups (absolute targets, page-relative ones, and any that fail, which it reports). A method
   * of its own so that V8's on-stack replacement of this loop ends with the loop: compiled inside finalize,
   * the OSR code met finalize's tail without feedback and deoptimized there on every call.
   */
  private resolveLabelFixups(bytes: Uint8Array): Fixup[] {
    const rest: Fixup[] = [];
    const { count, at: atColumn, target: targetColumn, addend: addendColumn, format: formatColumn, formats, addresses } = this.fixups;
    const labels = this.labels;
    for (let i = 0; i < count; i++) {
      const at = atColumn[i]!;
      const targetId = targetColumn[i]!;
      const target = targetId >= 0 ? labels[targetId]! : addresses[-1 - targetId]!;
      const format = formats[formatColumn[i]!]!;
      if (typeof target !== 'bigint' && target.offset >= 0 && isRelativeFormat(format)) {
        const field = format.relativeField(target.offset + addendColumn[i]! - at);
        if (field >= 0) {
          bytes[at] |= field;
          bytes[at + 1] |= field >>> 8;
          bytes[at + 2] |= field >>> 16;
          bytes[at + 3] |= field >>> 24;
          continue;
        }
      }
      rest.push({ at, pc: at, target, addend: addendColumn[i]!, format });
    }
    return rest;
  }

  private checkPool(): void {
    if (this.buffer.length >= this.poolDeadline) this.flushPool(true);
  }

  /**
   * The generated encoders' slow path before an instruction (position at or past `writeLimit`): emits the
   * pool if it is due and makes room for one word. @internal
   */
  prepareWord(): void {
    if (this.buffer.length >= this.poolDeadline) this.flushPool(true);
    const buffer = this.buffer;
    buffer.reserve(4);
    this.writeLimit = Math.min(this.poolDeadline, buffer.capacity - 3);
  }

  /**
   * Writes a finished word and returns the assembler: the generated encoders' store, after their
   * `writeLimit` test made room (nothing between that test and this call writes to the buffer). @internal
   */
  storeWord(word: number): this {
    const buffer = this.buffer;
    const at = buffer.length;
    buffer.view.setUint32(at, word, true);
    buffer.length = at + 4;
    return this;
  }

  /** Writes a finished word, making room first (macros, alignment, raw words, the branch over the pool). @internal */
  writeWord(word: number): void {
    const buffer = this.buffer;
    const at = buffer.length;
    if (at + 4 > buffer.capacity) buffer.reserve(4);
    buffer.view.setUint32(at, word, true);
    buffer.length = at + 4;
  }

  private checkOwner(label: Label): void {
    if (label.owner !== this) {
      throw new JitkitError('E_LABEL', `label ${label} belongs to another assembler; create labels with this assembler's newLabel()`);
    }
  }

  /** Says which operand did not fit and what would: the requirement of the failing slot, or the forms that exist. */
  private operandError(forms: readonly Form[], operands: readonly unknown[]): JitkitError {
    const mnemonic = forms[0]?.mnemonic ?? '?';
    const text = instructionText(mnemonic, operands);
    const classes = operands.map(classOf);
    // A form whose every operand fits but whose operands clash (CONSTRAINED UNPREDICTABLE) is the closest
    // miss, so it is reported first; then the operands whose values do not fit their slots.
    // Only the forms that take the most operands as given are reported, those whose first operand (the
    // register or list that picks the form) fits ranking first: a lane list tried against every arrangement
    // of ld1 would otherwise list dozens of misses. At most twelve problems are shown.
    const clashes: string[] = [];
    let valueProblems: string[] = [];
    let valueCode: 'E_RANGE' | 'E_OPERANDS' = 'E_RANGE';
    let bestFitting = -1;
    for (const form of forms) {
      if (form.slots.length !== operands.length || form.macro !== undefined) continue;
      if (!form.slots.every((slot, i) => (slot.accepts & classes[i]!) !== 0)) continue;
      this.pendingFormat = null;
      const problems: string[] = [];
      let problemCode: 'E_RANGE' | 'E_OPERANDS' = 'E_RANGE';
      form.slots.forEach((slot, i) => {
        if (slot.encode(operands[i], this) < 0) {
          if (problems.length === 0) problemCode = slot.failureCode ?? 'E_RANGE';
          problems.push(`${operandText(operands[i])} does not fit ${formSignature(form)}: it needs ${slot.requirement}`);
        }
      });
      if (problems.length === 0 && form.constraint !== undefined && !form.constraint.test(operands)) {
        clashes.push(`${formSignature(form)} is CONSTRAINED UNPREDICTABLE here: ${form.constraint.rule}`);
      }
      const fitting = 2 * (form.slots.length - problems.length) + (problems.length > 0 && problems[0]!.startsWith(`${operandText(operands[0])} does not fit`) ? 0 : 1);
      if (problems.length > 0 && fitting >= bestFitting) {
        if (fitting > bestFitting) {
          valueProblems = [];
          valueCode = problemCode;
          bestFitting = fitting;
        }
        valueProblems.push(...problems);
      }
      this.pendingFormat = null;
    }
    if (clashes.length > 0 || valueProblems.length > 0) {
      const code = clashes.length > 0 ? 'E_OPERANDS' : valueCode;
      const problems = [...new Set([...clashes, ...valueProblems])];
      const shownProblems = problems.slice(0, 12).join('; ') + (problems.length > 12 ? ` (and ${problems.length - 12} more)` : '');
      return new JitkitError(code, `${text}: ${shownProblems}`, { mnemonic, operands: operands.map((o) => operandText(o)) });
    }
    const known = [...new Set(forms.map(formSignature))];
    const shown = known.slice(0, 12).join(' | ');
    return new JitkitError(
      'E_OPERANDS',
      `${text}: no form of ${mnemonic} takes these operands; the forms are: ${shown}${known.length > 12 ? ` (and ${known.length - 12} more)` : ''}`,
      { mnemonic, operands: operands.map((o) => operandText(o)) },
    );
  }
}

// One method per mnemonic, `b.eq` becoming `b_eq`: the specialised encoders generated from the table into
// instruction-encoders.ts by scripts/arm64-table-encoders.ts; their types into instruction-methods.ts by
// scripts/arm64-table-methods.ts.
for (const [name, encoder] of specialisedEncoders) {
  Object.defineProperty(Arm64Assembler.prototype, name, { value: encoder, writable: true, configurable: true });
}

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Arm64Assembler extends Arm64Instructions {}

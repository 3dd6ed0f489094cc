import { CodeBuffer } from '../asm/code-buffer.ts';
import { ConstantPool } from '../asm/constant-pool.ts';
import { applyFixups } from '../asm/fixup.ts';
import type { Fixup, FixupFormat } from '../asm/fixup.ts';
import { Label } from '../asm/label.ts';
import { JitkitError } from '../errors.ts';
import { X64Instructions } from './assembler-methods.generated.ts';
import { encodeForm } from './encoder.ts';
import { Encoding } from './form.ts';
import type { Form } from './form.ts';
import {
  FORM_LISTS, FORMS, MATCH_BROADCAST_SHIFT, MATCH_FIVE_OPERANDS, MATCH_IMMEDIATE, MATCH_MASK_REQUIRED, MATCH_MERGE_MASK, MATCH_ROUNDING, MATCH_SHAPE,
  MATCH_ZERO_MASK, MNEMONICS, mnemonicId, NEAR_BRANCH, SHORT_BRANCH,
} from './instruction-set.ts';
import type { FormList } from './instruction-set.ts';
import type { Register } from './registers.ts';
import { memoryOf } from './memory.ts';
import type { Memory, MemorySize } from './memory.ts';
import { writeNops } from './nops.ts';
import { roundingFits } from './rounding.ts';
import { immediateFits, Kind, vsibFits } from './operand-kind.ts';
import type { Operand } from './operand.ts';
import { abs64, rel32, rel8 } from './fixup-formats.ts';
import { specOf } from './table-expand.ts';
import { operandError } from './operand-errors.ts';
import { methodNameOf } from './method-names.ts';

/** Instruction prefixes the generic `emit` accepts by name. */
export type Prefix = 'lock' | 'rep' | 'repe' | 'repz' | 'repne' | 'repnz';
const PREFIX_BYTE: Record<Prefix, number> = { lock: 0xf0, rep: 0xf3, repe: 0xf3, repz: 0xf3, repne: 0xf2, repnz: 0xf2 };
const NO_PREFIXES: readonly Prefix[] = [];

/** Layout items that change size during relaxation, in buffer order. */
const ITEM_BRANCH = 0;
const ITEM_ALIGN = 1;

/**
 * The x86-64 assembler: fluent typed methods (generated from the table, see assembler-methods.generated.ts)
 * and the generic `emit(mnemonic, operands)` used by the text parser, over one table-driven encoder.
 *
 * ```ts
 * const a = new Assembler();
 * const done = a.label();
 * a.mov(eax, 0).test(edi, edi).jz(done).mov(eax, 1).bind(done).ret();
 * const bytes = a.finalize();
 * ```
 *
 * Branches to labels are laid out at `finalize`: each starts in its short rel8 form and only grows to
 * rel32 when its target is out of reach, repeating until nothing grows (which must end, since sizes
 * only increase). `align(n)` padding is recomputed on each pass.
 */
export class Assembler extends X64Instructions {
  readonly buffer = new CodeBuffer(1024);
  private pendingPrefix = 0;
  /**
   * True while the specialised encoders may write directly: no lock/rep prefix pending (the generic
   * encoder places it) and not finalized (the generic encoder raises E_STATE). See direct-encoding.ts.
   */
  directEncoding = true;
  /** The layout computed by the first `finalize` (sizes, label offsets, pool, fixups); null before it. */
  private layout: Layout | null = null;

  /**
   * The labels made here, by id, in chunks of LABEL_CHUNK: a single array would grow to tens of
   * thousands of entries, and V8 reallocates such an array in its large-object space (fresh pages, page
   * faults, an unmap of the old one) each time it grows.
   */
  private readonly labelChunks: Label[][] = [[]];
  private labelCount = 0;
  /** Buffer offset where each label (by id) was bound, and how many layout items precede it. */
  /**
   * Per label id, LABEL_STRIDE ints: the buffer offset where it was bound (-1 unbound, -2 bound by the
   * constant pool) and how many layout items precede it. One growable Int32Array instead of arrays of
   * objects: binding a label is two stores, and layout reads stay on Smis.
   */
  private labelData = new Int32Array(64 * LABEL_STRIDE);

  /**
   * Layout items (branches to labels, alignments), ITEM_STRIDE ints each: kind, buffer position, target
   * label id (branches) or alignment, short form id, near form id, current size, size in the buffer,
   * near size. A branch occupies its short encoding in the buffer; an alignment occupies nothing until
   * layout. Sizes are stored so that relaxation reads only this array.
   */
  private items = new Int32Array(256 * ITEM_STRIDE);
  private itemCount = 0;
  /** How many of the items are alignments (none: relaxation's first pass has nothing to add up). */
  private alignments = 0;

  private readonly fixupAt: number[] = [];
  private readonly fixupPc: number[] = [];
  private readonly fixupItem: number[] = [];
  private readonly fixupTarget: (Label | bigint)[] = [];
  private readonly fixupAddend: number[] = [];
  private readonly fixupFormat: FixupFormat[] = [];

  private readonly pool = new ConstantPool(() => this.label());

  /**
   * The labels that assembly text named in this assembler (x64/text/text-labels.ts), created by the
   * first text appended. A field of its own, and not an entry of a module-level WeakMap keyed by the
   * assembler: V8's scavenger keeps a WeakMap's values alive while the key is young, so every
   * short-lived assembler that text had named labels in — with its code buffer and all its labels —
   * survived its first scavenges and was promoted (assembleX64 spent half its time in GC on a
   * label-heavy text). Declared here so that every Assembler has the same hidden class. @internal
   */
  textLabels: Map<string, Label> | null = null;

  /** Bytes emitted so far, before branch relaxation (final offsets are known after `finalize`). */
  get length(): number {
    return this.buffer.length;
  }

  // ---- labels --------------------------------------------------------------------------------------

  /** A new unbound label. */
  label(name?: string): Label {
    const id = this.labelCount;
    const label = new Label(id, this, name);
    let chunk = this.labelChunks[this.labelChunks.length - 1]!;
    if (chunk.length === LABEL_CHUNK) {
      chunk = [];
      this.labelChunks.push(chunk);
    }
    chunk.push(label);
    this.labelCount = id + 1;
    const at = id << LABEL_SHIFT;
    if (at + LABEL_STRIDE > this.labelData.length) this.labelData = grow(this.labelData);
    this.labelData[at] = -1;
    return label;
  }

  /** Binds `label` to the current position. */
  bind(label: Label): this {
    this.checkOwner(label);
    const at = label.id << LABEL_SHIFT;
    const labelData = this.labelData;
    if (labelData[at]! >= 0) {
      throw new JitkitError('E_LABEL', `label ${label} is already bound; each label marks exactly one position`);
    }
    const position = this.buffer.length;
    labelData[at] = position;
    labelData[(at + 1) | 0] = this.itemCount;
    label.offset = position;
    return this;
  }

  private checkOwner(label: Label): void {
    if (label.owner !== this) {
      throw new JitkitError('E_LABEL', `label ${label} belongs to another assembler; labels cannot cross assemblers`);
    }
  }

  // ---- prefixes, data, alignment ------------------------------------------------------------------

  /** Makes the next instruction atomic (`lock add dword ptr [rdi], 1`). */
  lock(): this {
    this.setPrefix(0xf0);
    return this;
  }

  /** Repeats the next string instruction rcx times (`rep movsb`). */
  rep(): this {
    this.setPrefix(0xf3);
    return this;
  }

  repe(): this {
    this.setPrefix(0xf3);
    return this;
  }

  repne(): this {
    this.setPrefix(0xf2);
    return this;
  }

  private setPrefix(byte: number): void {
    this.pendingPrefix = byte;
    this.directEncoding = false;
  }

  /** Clears the pending prefix once an instruction took it. */
  private takePrefix(): number {
    const prefix = this.pendingPrefix;
    this.pendingPrefix = 0;
    this.directEncoding = this.layout === null;
    return prefix;
  }

  /** Appends raw bytes (data or hand-encoded code). */
  embed(bytes: ArrayLike<number>): this {
    this.buffer.bytes(bytes);
    return this;
  }

  /**
   * Pads with the recommended multi-byte NOPs until the final offset is a multiple of `alignment`.
   * Alignment is relative to the start of the code, so load it at an address aligned at least as much.
   */
  align(alignment: number): this {
    if (!Number.isInteger(alignment) || alignment < 1 || (alignment & (alignment - 1)) !== 0 || alignment > 4096) {
      throw new JitkitError('E_RANGE', `alignment ${alignment} must be a power of two between 1 and 4096`);
    }
    this.pushItem(ITEM_ALIGN, alignment, -1, -1, 0, 0);
    this.alignments++;
    return this;
  }

  /**
   * Adds `bytes` to the constant pool (placed after the code, deduplicated) and returns its label; use
   * it as a RIP-relative operand: `a.movaps(xmm0, xmmword(a.constant(bytes)))`.
   */
  constant(bytes: Uint8Array | readonly number[], alignment?: number): Label {
    const data = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
    return this.pool.add(data, alignment ?? Math.min(64, highestPowerOfTwoDividing(data.length)));
  }

  /** A RIP-relative memory operand for a constant of `size` bytes holding `bytes`. */
  constantMemory<S extends MemorySize>(size: S, bytes: Uint8Array | readonly number[]): Memory<S> {
    return memoryOf(size, this.constant(bytes));
  }

  /** A qword constant holding the IEEE-754 double `value`. */
  float64(value: number): Memory<8> {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return this.constantMemory(8, bytes);
  }

  /** A dword constant holding the IEEE-754 single `value`. */
  float32(value: number): Memory<4> {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.constantMemory(4, bytes);
  }

  // ---- instructions -------------------------------------------------------------------------------

  /**
   * Generic entry point for callers that hold a mnemonic as text (the Intel-syntax parser):
   * `a.emit('add', [eax, 1])`, `a.emit('movsb', [], ['rep'])`. It runs the same specialised encoder as
   * the fluent method after one mnemonic lookup; callers that already hold the id use `emitById`.
   */
  emit(mnemonic: string, operands: readonly Operand[], prefixes: readonly Prefix[] = NO_PREFIXES): this {
    const id = mnemonicId(mnemonic);
    if (id < 0) {
      throw new JitkitError('E_OPERANDS', `unknown instruction '${mnemonic}'`, { mnemonic });
    }
    return this.emitById(id, operands, prefixes);
  }

  /**
   * The fast generic entry point: encodes mnemonic number `id` (an index into `Assembler.mnemonics`, see
   * `mnemonicId`) with `operands`, at nearly the speed of the fluent method — it calls the same fluent
   * method (whose body is the mnemonic's specialised encoder) through a table, with no per-call
   * allocation. Prefixes are given by name, as for `emit`.
   */
  emitById(id: number, operands: readonly Operand[], prefixes: readonly Prefix[] = NO_PREFIXES): this {
    const method = FLUENT_METHODS[id];
    if (method === undefined) throw new JitkitError('E_OPERANDS', `unknown instruction number ${id}`);
    if (operands.length > 5) {
      throw new JitkitError('E_OPERANDS', `${MNEMONICS[id]}: at most 5 operands, got ${operands.length}`, { mnemonic: MNEMONICS[id] });
    }
    for (let i = 0; i < prefixes.length; i++) {
      const prefix = prefixes[i]!;
      const byte = PREFIX_BYTE[prefix];
      if (byte === undefined) throw new JitkitError('E_OPERANDS', `unknown prefix '${String(prefix)}'; use lock, rep, repe, repz, repne or repnz`);
      this.setPrefix(byte);
    }
    // a method takes as many operands as its longest form: more go to the matcher, which names the forms
    if (operands.length > FLUENT_ARITY[id]!) return this.encodeGeneric(id, operands[0], operands[1], operands[2], operands[3], operands[4]);
    return method.call(this, operands[0], operands[1], operands[2], operands[3], operands[4]) as this;
  }

  /** True when the table has `mnemonic`. */
  static has(mnemonic: string): boolean {
    return mnemonicId(mnemonic) >= 0;
  }

  /** Every mnemonic the assembler accepts. */
  static get mnemonics(): readonly string[] {
    return MNEMONICS;
  }

  /**
   * The table-driven matcher: the first form of mnemonic `id`, in table order, that takes the operands,
   * encoded by the generic encoder. The specialised encoders hand it everything they do not encode
   * themselves, so it is the reference for form choice and for every E_OPERANDS error.
   */
  encodeGeneric(id: number, o0?: Operand, o1?: Operand, o2?: Operand, o3?: Operand, o4?: Operand): this {
    if (o4 !== undefined) return this.encodeFiveOperands(id, o0, o1, o2, o3, o4);
    const list = FORM_LISTS[id]!;
    const k0 = operandKind(o0);
    const k1 = operandKind(o1);
    const k2 = operandKind(o2);
    const k3 = operandKind(o3);
    // masking lives on the destination; an embedded broadcast on the last source (slot 1 or 2)
    let extra = (k0 & DECORATED_KINDS) !== 0 ? (o0 as Register).decoration : 0;
    if (((k1 | k2) & BROADCAST_KINDS) !== 0) extra |= broadcastCount(k1, o1, o2) << 4;
    // a VSIB operand is the destination (scatter) or the first source (gather), a moffs one either (movabs)
    const vsib = ((k0 | k1) & Kind.VSIB) !== 0 ? ((k0 & Kind.VSIB) !== 0 ? (o0 as Memory) : (o1 as Memory)).vsib : 0;
    const cache = list.cache;
    let start = -1;
    if (cache[0] === k0 && cache[1] === k1 && cache[2] === k2 && cache[3] === k3 && cache[4] === extra && cache[5] === vsib) start = cache[6]!;
    else if (cache[7] === k0 && cache[8] === k1 && cache[9] === k2 && cache[10] === k3 && cache[11] === extra && cache[12] === vsib) start = cache[13]!;
    const miss = start < 0;
    const specs = list.specs;
    const extras = list.extras;
    const count = extras.length;
    for (let i = miss ? 0 : start; i < count; i++) {
      const j = i << 2;
      if ((specs[j]! & k0) === 0 || (specs[j + 1]! & k1) === 0 || (specs[j + 2]! & k2) === 0 || (specs[j + 3]! & k3) === 0) continue;
      const needs = extras[i]!;
      if (extra !== 0 || (needs & (MATCH_SHAPE | MATCH_MASK_REQUIRED | MATCH_ROUNDING | MATCH_FIVE_OPERANDS)) !== 0) {
        if ((needs & MATCH_FIVE_OPERANDS) !== 0) continue; // a five-operand form: encodeFiveOperands takes those
        const decoration = extra & 15;
        if (!decorationFits(needs, decoration)) continue;
        const broadcast = extra >> 4;
        if (broadcast > 0 && needs >> MATCH_BROADCAST_SHIFT !== broadcast) continue;
        if ((needs & MATCH_SHAPE) !== 0 && !vsibFits(vsib, list.forms[i]!.vsib, list.forms[i]!.encoding === Encoding.EVEX)) continue;
        if ((needs & MATCH_ROUNDING) !== 0 && !roundingOperandFits(list.forms[i]!, o0, o1, o2, o3)) continue;
        // {1toN} left to the instruction: refuse when the count alone would choose the vector length
        if (broadcast < 0) refuseAmbiguousBroadcast(list, i, k0, k1, k2, k3, extra);
      }
      if (miss) {
        const at = list.victim * 7;
        list.victim ^= 1;
        cache[at] = k0;
        cache[at + 1] = k1;
        cache[at + 2] = k2;
        cache[at + 3] = k3;
        cache[at + 4] = extra;
        cache[at + 5] = vsib;
        cache[at + 6] = i;
        return this.encodeFrom(list, i, o0, o1, o2, o3);
      }
      return this.encodeFrom(list, i, o0, o1, o2, o3);
    }
    throw operandError(MNEMONICS[id]!, list.forms, [o0, o1, o2, o3]);
  }

  /**
   * Five operands: only the AVX-512 `…, {sae}, imm8` forms take them (`vrangeps zmm1, zmm2, zmm3, {sae}, 5`,
   * `vcmpps k1 {k2}, zmm1, zmm2, {sae}, 3`). They are rare and register-only, so a plain scan of the
   * mnemonic's forms with each test written out serves them, and the four-slot packed specs and the
   * cache of the common matcher stay as they are.
   */
  private encodeFiveOperands(id: number, o0: Operand | undefined, o1: Operand | undefined, o2: Operand | undefined, o3: Operand | undefined, o4: Operand): this {
    const list = FORM_LISTS[id]!;
    const kinds = [operandKind(o0), operandKind(o1), operandKind(o2), operandKind(o3), operandKind(o4)];
    const decoration = (kinds[0]! & DECORATED_KINDS) !== 0 ? (o0 as Register).decoration : 0;
    for (const form of list.forms) {
      if (form.count !== 5) continue;
      if (kinds.some((kind, slot) => (specOf(form, slot) & kind) === 0)) continue;
      if (decoration !== 0 && form.maskMode < (decoration > 7 ? 2 : 1)) continue;
      if (form.maskRequired && decoration === 0) continue;
      if (form.roundingOp >= 0 && !roundingOperandFits(form, o0, o1, o2, o3, o4)) continue;
      if (form.immCheckOp >= 0 && !immediatesFit(form, o0, o1, o2, o3, o4)) continue;
      return this.put(form, o0, o1, o2, o3, o4);
    }
    throw operandError(MNEMONICS[id]!, list.forms, [o0, o1, o2, o3, o4]);
  }

  /**
   * Encodes with the first form from index `i` of `list` whose immediate fits; forms before `i` were
   * already rejected on kinds, and only forms with the same kinds can follow as fallbacks.
   */
  private encodeFrom(list: FormList, i: number, o0?: Operand, o1?: Operand, o2?: Operand, o3?: Operand): this {
    const form = list.forms[i]!;
    if ((list.extras[i]! & MATCH_IMMEDIATE) !== 0 && !immediatesFit(form, o0, o1, o2, o3)) return this.encodeWithLargerImmediate(list, i, o0, o1, o2, o3);
    return this.put(form, o0, o1, o2, o3);
  }

  /** Encodes `form`, already matched to the operands (by a generated method or the generic matcher). */
  put(form: Form, o0?: Operand, o1?: Operand, o2?: Operand, o3?: Operand, o4?: Operand): this {
    if (this.layout !== null) this.refuseAfterFinalize();
    if (form.relOp >= 0) return this.encodeBranch(form, form.relOp === 0 ? o0 : o1);
    const prefix = this.takePrefix();
    const fieldAt = encodeForm(this.buffer, form, o0, o1, o2, o3, prefix, o4);
    if (fieldAt >= 0) this.ripFixup(form, fieldAt, o0, o1, o2, o3);
    return this;
  }

  /** The slow path of `encodeFrom`: the immediate did not fit form `i`, so try the later forms in table order. */
  private encodeWithLargerImmediate(list: FormList, i: number, o0?: Operand, o1?: Operand, o2?: Operand, o3?: Operand): this {
    const k0 = operandKind(o0);
    const k1 = operandKind(o1);
    const k2 = operandKind(o2);
    const k3 = operandKind(o3);
    let extra = (k0 & DECORATED_KINDS) !== 0 ? (o0 as Register).decoration : 0;
    if (((k1 | k2) & BROADCAST_KINDS) !== 0) extra |= broadcastCount(k1, o1, o2) << 4;
    const specs = list.specs;
    for (let next = i + 1; next < list.forms.length; next++) {
      const j = next << 2;
      if ((specs[j]! & k0) === 0 || (specs[j + 1]! & k1) === 0 || (specs[j + 2]! & k2) === 0 || (specs[j + 3]! & k3) === 0) continue;
      const needs = list.extras[next]!;
      if ((needs & MATCH_FIVE_OPERANDS) !== 0) continue; // five operands: encodeFiveOperands
      const decoration = extra & 15;
      if (!decorationFits(needs, decoration)) continue;
      const broadcast = extra >> 4;
      if (broadcast > 0 && needs >> MATCH_BROADCAST_SHIFT !== broadcast) continue;
      const form = list.forms[next]!;
      if ((needs & MATCH_SHAPE) !== 0 && !vsibFits(((k0 & Kind.VSIB) !== 0 ? (o0 as Memory) : (o1 as Memory)).vsib, form.vsib, form.encoding === Encoding.EVEX)) continue;
      if (form.roundingOp >= 0 && !roundingOperandFits(form, o0, o1, o2, o3)) continue;
      if ((needs & MATCH_IMMEDIATE) !== 0 && !immediatesFit(form, o0, o1, o2, o3)) continue;
      return this.encodeFrom(list, next, o0, o1, o2, o3);
    }
    throw operandError(MNEMONICS[list.forms[0]!.mnemonicId]!, list.forms, [o0, o1, o2, o3]);
  }

  private ripFixup(form: Form, fieldAt: number, o0?: Operand, o1?: Operand, o2?: Operand, o3?: Operand): void {
    const memory = (form.rmOp === 0 ? o0 : form.rmOp === 1 ? o1 : form.rmOp === 2 ? o2 : o3) as Memory;
    if (memory.label !== null) {
      this.checkOwner(memory.label);
      this.addFixup(fieldAt, this.buffer.length, memory.label, memory.disp, rel32);
    }
  }

  /**
   * A jmp/jcc to a label, from the specialised encoders: the short form (one opcode byte and a zero
   * rel8) goes into the buffer now and the branch becomes a layout item, which grows to
   * the near form at `finalize` only if its target is out of rel8 reach. When every branch stays short,
   * which is the common case, layout copies the code in one piece. A pending prefix, a finalized
   * assembler or a foreign label take the generic path, which handles the prefix or raises the error.
   */
  branchToLabel(target: Label, shortId: number, nearId: number, opcode: number, nearSize: number): this {
    if (this.directEncoding !== true || target.owner !== this) return this.put(FORMS[shortId]!, target);
    // pushItem's stores, inline and with small-integer values (see below)
    // Indices as `(at + n) | 0`: 32-bit adds without overflow checks (the bounds checks remain); the
    // arguments as `x | 0`: V8 stores an argument of unknown type into an Int32Array by converting it to
    // a double and back, a small integer it only untags.
    const at = this.itemCount << ITEM_SHIFT;
    if (at + ITEM_STRIDE > this.items.length) this.items = grow(this.items);
    const items = this.items;
    items[at] = ITEM_BRANCH;
    items[(at + 1) | 0] = this.buffer.length;
    items[(at + 2) | 0] = target.id;
    items[(at + 3) | 0] = shortId | 0;
    items[(at + 4) | 0] = nearId | 0;
    items[(at + 5) | 0] = SHORT_BRANCH_SIZE;
    items[(at + 6) | 0] = SHORT_BRANCH_SIZE;
    items[(at + 7) | 0] = nearSize | 0;
    this.itemCount = (this.itemCount + 1) | 0;
    const buffer = this.buffer;
    const p = buffer.length;
    if (p + SHORT_BRANCH_SIZE > buffer.capacity) buffer.reserve(SHORT_BRANCH_SIZE);
    const d = buffer.data;
    d[p] = opcode | 0;
    d[(p + 1) | 0] = 0;
    buffer.length = (p + SHORT_BRANCH_SIZE) | 0;
    return this;
  }

  private encodeBranch(form: Form, target: Operand | undefined): this {
    this.takePrefix();
    if (target instanceof Label) {
      this.checkOwner(target);
      const short = SHORT_BRANCH[form.mnemonicId];
      const near = NEAR_BRANCH[form.mnemonicId];
      if (short !== undefined && near !== undefined) {
        // as in branchToLabel, for the short forms that are not a single opcode byte
        const size = branchSize(short);
        this.pushItem(ITEM_BRANCH, target.id, short.id, near.id, size, branchSize(near));
        const buffer = this.buffer;
        buffer.reserve(size);
        let p = buffer.length;
        if (short.map === 1) buffer.data[p++] = 0x0f;
        buffer.data[p++] = short.opcode;
        buffer.data[p++] = 0;
        buffer.length = p;
        return this;
      }
    }
    const fieldAt = encodeForm(this.buffer, form, target, undefined, undefined, undefined, 0);
    this.addFixup(fieldAt, this.buffer.length, target as Label | bigint, 0, form.relSize === 1 ? rel8 : rel32);
    return this;
  }

  /** `movabs r64, label`: the label's absolute address, fixed up at finalize. */
  movAddress(register: Operand, target: Label): this {
    this.checkOwner(target);
    this.encodeGeneric(mnemonicId('movabs'), register, 0n);
    this.addFixup(this.buffer.length - 8, this.buffer.length, target, 0, abs64);
    return this;
  }

  /** `argument` is the target label id of a branch or the alignment of an ITEM_ALIGN. */
  private pushItem(kind: number, argument: number, short: number, near: number, size: number, nearSize: number): void {
    if (this.layout !== null) this.refuseAfterFinalize();
    const at = this.itemCount * ITEM_STRIDE;
    if (at + ITEM_STRIDE > this.items.length) this.items = grow(this.items);
    const items = this.items;
    items[at] = kind;
    items[at + 1] = this.buffer.length;
    items[at + 2] = argument;
    items[at + 3] = short;
    items[at + 4] = near;
    items[at + 5] = size;
    items[at + 6] = size;
    items[at + 7] = nearSize;
    this.itemCount++;
  }

  private addFixup(at: number, pc: number, target: Label | bigint, addend: number, format: FixupFormat): void {
    this.fixupAt.push(at);
    this.fixupPc.push(pc);
    this.fixupItem.push(this.itemCount);
    this.fixupTarget.push(target);
    this.fixupAddend.push(addend);
    this.fixupFormat.push(format);
  }

  private refuseAfterFinalize(): never {
    throw new JitkitError('E_STATE', 'this assembler was finalized; its layout and label offsets are fixed, start a new Assembler');
  }

  // ---- layout -------------------------------------------------------------------------------------

  /**
   * Lays the code out (relaxing branches, padding alignments, placing the constant pool after the code),
   * binds the final label offsets and applies every fixup for a load address of `base`. Each call returns
   * a new array; the layout is computed once, so a second call (another `base`) only copies and patches.
   * Throws E_LABEL for a label used but never bound, E_RANGE for a displacement that cannot reach.
   */
  finalize(base = 0n): Uint8Array {
    if (this.layout === null) {
      this.layout = this.layOut();
      this.directEncoding = false;
    }
    return this.emitCode(this.layout, base);
  }

  /** Offset of `label` in the finalized code. */
  offsetOf(label: Label): number {
    this.checkOwner(label);
    if (this.layout === null) throw new JitkitError('E_LABEL', `offsets are known after finalize(); call it before offsetOf(${label})`);
    if (!label.isBound) throw new JitkitError('E_LABEL', `label ${label} was never bound`);
    return label.offset;
  }

  private layOut(): Layout {
    if (this.pendingPrefix !== 0) {
      throw new JitkitError('E_OPERANDS', 'a lock/rep prefix was given without an instruction after it');
    }
    const count = this.itemCount;
    const items = this.items;
    const labelData = this.labelData;
    // before[i] = bytes added by items 0..i-1; all branches start short and only grow, so this ends.
    // Indices are written `(x + n) | 0` (32-bit adds without overflow checks; bounds checks remain).
    const before = new Int32Array(count + 1);
    // with no alignment nothing has been added before the first pass: before[] is all zeros as made
    for (let pass = 0; ; pass++) {
      if (pass > 0 || this.alignments > 0) {
        let added = 0;
        for (let i = 0, at = 0; i < count; i = (i + 1) | 0, at = (at + ITEM_STRIDE) | 0) {
          before[i] = added;
          if (items[at] === ITEM_ALIGN) {
            const mask = items[(at + 2) | 0]! - 1;
            items[(at + 5) | 0] = (mask + 1 - ((items[(at + 1) | 0]! + added) & mask)) & mask;
          }
          added = (added + items[(at + 5) | 0]! - items[(at + 6) | 0]!) | 0;
        }
        before[count] = added;
      }
      let grew = false;
      for (let i = 0, at = 0; i < count; i = (i + 1) | 0, at = (at + ITEM_STRIDE) | 0) {
        // a branch that grew stays near; only short ones can still be out of reach
        const size = items[(at + 5) | 0]!;
        if (items[at] !== ITEM_BRANCH || size !== items[(at + 6) | 0]) continue;
        const label = items[(at + 2) | 0]! << LABEL_SHIFT;
        const position = labelData[label]!;
        if (position < 0) this.unboundBranchTarget(items[(at + 2) | 0]!);
        const displacement = position + before[labelData[(label + 1) | 0]!]! - (items[(at + 1) | 0]! + before[i]! + size);
        if (displacement < -128 || displacement > 127) {
          items[(at + 5) | 0] = items[(at + 7) | 0]!;
          grew = true;
        }
      }
      if (!grew) break;
    }

    const codeLength = this.buffer.length + before[count]!;
    const pool = new CodeBuffer(64);
    this.pool.flush(
      () => codeLength + pool.length,
      (bytes) => pool.fill(0, bytes),
      (label) => {
        this.labelData[label.id << LABEL_SHIFT] = -2; // bound by the pool, outside the buffer
        label.offset = codeLength + pool.length;
      },
      (bytes) => pool.bytes(bytes),
    );
    let id = 0;
    for (const chunk of this.labelChunks) {
      for (let i = 0; i < chunk.length; i = (i + 1) | 0, id = (id + 1) | 0) {
        const position = labelData[id << LABEL_SHIFT]!;
        if (position >= 0) chunk[i]!.offset = position + before[labelData[((id << LABEL_SHIFT) + 1) | 0]!]!;
      }
    }
    const fixups: Fixup[] = [];
    for (let i = 0; i < this.fixupAt.length; i++) {
      const shift = before[this.fixupItem[i]!]!;
      fixups.push({
        at: this.fixupAt[i]! + shift,
        pc: this.fixupPc[i]! + shift,
        target: this.fixupTarget[i]!,
        addend: this.fixupAddend[i]!,
        format: this.fixupFormat[i]!,
      });
    }
    return { before, codeLength, pool: pool.toBytes(), fixups };
  }

  /**
   * The laid-out code for load address `base`: the buffer copied in runs between the items that changed
   * size (grown branches, non-empty alignments), each run shifted by the bytes added before it, then
   * every branch displacement, padding and the pool written, and the fixups applied.
   */
  private emitCode(layout: Layout, base: bigint): Uint8Array {
    const { before, codeLength, pool } = layout;
    const count = this.itemCount;
    const items = this.items;
    const labelData = this.labelData;
    const source = this.buffer.data;
    const out = new Uint8Array(codeLength + pool.length);
    if (before[count] === 0) {
      // nothing grew and no padding (sizes only increase): the buffer is the code
      out.set(source.subarray(0, this.buffer.length));
    } else {
      let from = 0;
      for (let i = 0, at = 0; i < count; i++, at += ITEM_STRIDE) {
        if (items[at + 5] === items[at + 6]) continue;
        const position = items[at + 1]!;
        out.set(source.subarray(from, position), from + before[i]!);
        from = position + items[at + 6]!;
      }
      out.set(source.subarray(from, this.buffer.length), from + before[count]!);
    }
    for (let i = 0, at = 0; i < count; i = (i + 1) | 0, at = (at + ITEM_STRIDE) | 0) {
      const size = items[(at + 5) | 0]!;
      let p = (items[(at + 1) | 0]! + before[i]!) | 0;
      if (items[at] === ITEM_ALIGN) {
        if (size !== 0) writeNops(out, p, size);
        continue;
      }
      const label = items[(at + 2) | 0]! << LABEL_SHIFT;
      const end = (p + size) | 0;
      const displacement = labelData[label]! + before[labelData[(label + 1) | 0]!]! - end;
      if (size === items[(at + 6) | 0]) {
        // still short: opcode already copied with the code, the rel8 is the last byte
        out[(end - 1) | 0] = displacement;
        continue;
      }
      const form = FORMS[items[at + 4]!]!;
      if (form.map === 1) out[p++] = 0x0f;
      out[p++] = form.opcode;
      for (let b = 0; b < form.relSize; b++) out[p++] = displacement >> (8 * b);
    }
    out.set(pool, codeLength);
    applyFixups(out, layout.fixups, base);
    return out;
  }

  private unboundBranchTarget(id: number): never {
    const label = this.labelChunks[Math.floor(id / LABEL_CHUNK)]![id % LABEL_CHUNK]!;
    throw new JitkitError('E_LABEL', `label ${label} is the target of a branch but never bound; call bind(label) where it belongs`);
  }
}

/** What `finalize` computed once: bytes added before each item, code length, the pool bytes, the fixups. */
interface Layout {
  readonly before: Int32Array;
  readonly codeLength: number;
  readonly pool: Uint8Array;
  readonly fixups: readonly Fixup[];
}

/** The fluent method of each mnemonic id, for `emitById`. */
const FLUENT_METHODS: readonly FluentMethod[] = MNEMONICS.map((mnemonic) => {
  const method = (Assembler.prototype as unknown as Record<string, FluentMethod | undefined>)[methodNameOf(mnemonic)];
  if (method === undefined) throw new Error(`internal: no fluent method for ${mnemonic}`);
  return method;
});
/**
 * How many operands each fluent method takes (its `length`), read once: `Function#length` is an
 * accessor, and at emitById's call site, which sees every method, V8 calls it as a native getter each
 * time (2% of the text parser's profile).
 */
const FLUENT_ARITY: Uint8Array = Uint8Array.from(FLUENT_METHODS, (method) => method.length);
type FluentMethod = (this: Assembler, o0?: Operand, o1?: Operand, o2?: Operand, o3?: Operand, o4?: Operand) => Assembler;

const LABEL_SHIFT = 1;
const LABEL_CHUNK = 1024;
const LABEL_STRIDE = 1 << LABEL_SHIFT;
const ITEM_SHIFT = 3;
const ITEM_STRIDE = 1 << ITEM_SHIFT;
/** A short branch taken by `branchToLabel`: one opcode byte and a rel8 (encoder-generator.ts checks the form). */
const SHORT_BRANCH_SIZE = 2;

function grow(array: Int32Array): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

function branchSize(form: Form): number {
  return (form.map === 1 ? 2 : 1) + form.relSize;
}

/** True when the form's `{er}`/`{sae}` slot holds a Rounding of the kind it takes. */
function roundingOperandFits(form: Form, o0?: Operand, o1?: Operand, o2?: Operand, o3?: Operand, o4?: Operand): boolean {
  const value = form.roundingOp === 0 ? o0 : form.roundingOp === 1 ? o1 : form.roundingOp === 2 ? o2 : form.roundingOp === 3 ? o3 : o4;
  return roundingFits(value, form.roundingClass);
}

/** True when the form's immediate operand(s) hold values their fields can encode. */
function immediatesFit(form: Form, o0?: Operand, o1?: Operand, o2?: Operand, o3?: Operand, o4?: Operand): boolean {
  const value = form.immCheckOp === 0 ? o0 : form.immCheckOp === 1 ? o1 : form.immCheckOp === 2 ? o2 : form.immCheckOp === 3 ? o3 : o4;
  if (!immediateFits(value as number | bigint, form.immClass)) return false;
  if (form.imm2Op < 0) return true;
  const second = form.imm2Op === 0 ? o0 : form.imm2Op === 1 ? o1 : form.imm2Op === 2 ? o2 : o3;
  return immediateFits(second as number | bigint, form.imm2Class);
}

/** Kinds of operands that carry a `decoration` (registers and memory): everything but immediates and targets. */
const DECORATED_KINDS = ((Kind.NONE - 1) | Kind.VSIB) & ~(Kind.IMM | Kind.REL);
const BROADCAST_KINDS = Kind.B32 | Kind.B64;

/**
 * Throws when form `i` of `list` matched operands whose broadcast count is left to the instruction
 * (`broadcastTo()` without a count) and a later form with another count takes the same operands: the
 * registers do not fix the vector length (`vfpclassps k1, dword ptr [rax]{1toN}, 3`, or
 * `vcvtpd2ps xmm0, qword ptr [rax]{1toN}`, whose 128- and 256-bit forms both write an xmm), so only the
 * count would, and picking the first form silently is a guess.
 */
function refuseAmbiguousBroadcast(list: FormList, i: number, k0: number, k1: number, k2: number, k3: number, extra: number): void {
  const specs = list.specs;
  const extras = list.extras;
  const first = extras[i]! >> MATCH_BROADCAST_SHIFT;
  const counts = [first];
  const decoration = extra & 15;
  for (let next = i + 1; next < extras.length; next++) {
    const j = next << 2;
    if ((specs[j]! & k0) === 0 || (specs[j + 1]! & k1) === 0 || (specs[j + 2]! & k2) === 0 || (specs[j + 3]! & k3) === 0) continue;
    const needs = extras[next]!;
    if (!decorationFits(needs, decoration)) continue;
    const count = needs >> MATCH_BROADCAST_SHIFT;
    if (count !== 0 && !counts.includes(count)) counts.push(count);
  }
  if (counts.length === 1) return;
  const form = list.forms[i]!;
  const element = form.broadcastElement === 4 ? 'dword' : 'qword';
  throw new JitkitError(
    'E_OPERANDS',
    `${MNEMONICS[form.mnemonicId]!}: the registers do not fix the vector length, so the broadcast count must: ` +
      `give it, ${counts.map((count) => `{1to${count}}`).join(' or ')} (${element}(...).broadcastTo(${counts[0]}))`,
  );
}

/**
 * True when a form whose match flags are `needs` takes the destination's decoration (`extra & 15`: 0 none,
 * 1..7 `{k}`, above 7 `{k}{z}`): merge-masking needs MATCH_MERGE_MASK, zero-masking MATCH_ZERO_MASK, and a
 * form that requires a mask (MATCH_MASK_REQUIRED: gathers and scatters) refuses none.
 */
function decorationFits(needs: number, decoration: number): boolean {
  if (decoration === 0) return (needs & MATCH_MASK_REQUIRED) === 0;
  return (needs & (decoration > 7 ? MATCH_ZERO_MASK : MATCH_MERGE_MASK)) !== 0;
}

function broadcastCount(k1: number, o1: Operand | undefined, o2: Operand | undefined): number {
  return ((k1 & BROADCAST_KINDS) !== 0 ? (o1 as Memory) : (o2 as Memory)).broadcast;
}

/**
 * The operand-kind bits the matcher tests, with `Kind.NONE` for an absent operand. Registers and
 * memory operands carry their bits in `kind` (two hidden classes); a Label has none and is a target.
 */
function operandKind(operand: Operand | undefined): number {
  if (typeof operand === 'object' && operand !== null) {
    const kind = (operand as Register).kind as number | undefined;
    return kind !== undefined ? kind : operand instanceof Label ? Kind.REL : 0;
  }
  if (operand === undefined) return Kind.NONE;
  if (typeof operand === 'number') return Kind.IMM;
  if (typeof operand === 'bigint') return Kind.IMM | Kind.REL;
  return 0;
}

function highestPowerOfTwoDividing(length: number): number {
  let alignment = 1;
  while (alignment < 64 && length % (alignment * 2) === 0) alignment *= 2;
  return alignment;
}

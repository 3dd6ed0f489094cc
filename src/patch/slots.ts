import { JitkitError } from '../errors.ts';
import { compile, type CompileOptions, type FunctionOf, type LoadedFunction } from '../call/index.ts';
import type { CodeBlock } from '../memory/index.ts';
import { decodeMovWide, movWideWord } from './arm64-writer.ts';
import { writeCodeField } from './code-field.ts';
import { hostArch, type PatchArch } from './host.ts';
import { decodeX64, instructionAt } from './x64-decode.ts';

/**
 * Where a slot is: the offset of the instruction that holds it (bind a label right before the instruction
 * and pass its offset after finalize, so relaxation cannot move it), and which field of that instruction.
 *
 * - x64: `immediate` (default) or `displacement` of the instruction at `at` (8/16/32/64-bit fields, as the
 *   encoding has them; found by decoding, never guessed).
 * - arm64: `literal` for an `ldr Xt|Wt, <literal>` at `at` (the pool value is the slot), or `movwide` for a
 *   `movz` at `at` followed by `movk`s into the same register (the constant they build is the slot).
 *   Default: whichever of the two the instruction is.
 */
export interface SlotSpec {
  readonly at: number;
  readonly field?: 'immediate' | 'displacement' | 'literal' | 'movwide';
  /** Accept and read back signed values (true), unsigned (false), or either spelling of the bits (default). */
  readonly signed?: boolean;
}

/** A located slot. */
export interface SlotField {
  readonly name: string;
  readonly kind: 'immediate' | 'displacement' | 'literal' | 'movwide';
  /** Byte offset of the field inside the function (for movwide: of the first instruction). */
  readonly offset: number;
  /** Width of the value in bytes. */
  readonly size: number;
  readonly signed: boolean | undefined;
  /** movwide only: byte offset and bit position of each 16-bit piece. */
  readonly pieces?: ReadonlyArray<{ readonly offset: number; readonly shift: number }>;
  /** The instruction, for messages. */
  readonly instruction: string;
}

export type SlotValues = Record<string, number | bigint>;

export type SlottedFunction<F extends (...args: never[]) => unknown> = LoadedFunction<F> & {
  /** Read a slot's current value from the code; assign to rewrite it in place. */
  readonly slots: SlotValues;
  readonly slotFields: Readonly<Record<string, SlotField>>;
};

/** `compile` plus named slots. */
export function compileWithSlots<S extends string>(
  code: Uint8Array,
  signature: S,
  slots: Record<string, SlotSpec>,
  options: CompileOptions = {},
): SlottedFunction<FunctionOf<S>> {
  const fn = compile(padToWord(code, hostArch()), signature, options);
  try {
    const table = attachSlots(fn.block, slots);
    Object.defineProperties(fn, { slots: { value: table.values, enumerable: true }, slotFields: { value: table.fields, enumerable: true } });
    return fn as SlottedFunction<FunctionOf<S>>;
  } catch (error) {
    fn.dispose();
    throw error;
  }
}

/**
 * Pads the code with traps to a multiple of 8 bytes, so a field near the end still has its whole aligned
 * word inside the block and can be changed with one store (see code-field.ts).
 */
function padToWord(code: Uint8Array, arch: PatchArch): Uint8Array {
  if (code.length % 8 === 0) return code;
  const padded = new Uint8Array(Math.ceil(code.length / 8) * 8);
  padded.set(code);
  if (arch === 'x64') padded.fill(0xcc, code.length);
  else for (let at = Math.ceil(code.length / 4) * 4; at < padded.length; at += 4) new DataView(padded.buffer).setUint32(at, 0xd4200000, true);
  return padded;
}

/** Locates every slot in `block` now (E_PATCH_BOUNDARY / E_OPERANDS for a wrong position) and returns the accessors. */
export function attachSlots(block: CodeBlock, slots: Record<string, SlotSpec>, arch: PatchArch = hostArch()): { values: SlotValues; fields: Record<string, SlotField> } {
  const code = block.read();
  const fields: Record<string, SlotField> = {};
  const instructions = arch === 'x64' ? decodeX64(code, block.address) : null;
  for (const [name, spec] of Object.entries(slots)) {
    fields[name] = instructions !== null ? locateX64(name, spec, instructions, code.length) : locateA64(name, spec, code);
  }
  const values = new Proxy({} as SlotValues, {
    get: (_, name) => (typeof name === 'string' && fields[name] !== undefined ? readSlot(block, fields[name]) : undefined),
    set: (_, name, value) => {
      const field = typeof name === 'string' ? fields[name] : undefined;
      if (field === undefined) {
        throw new JitkitError('E_PATCH_RANGE', `there is no slot named '${String(name)}'; slots: ${Object.keys(fields).join(', ') || '(none)'}`);
      }
      writeSlot(block, field, value);
      return true;
    },
    has: (_, name) => typeof name === 'string' && fields[name] !== undefined,
    ownKeys: () => Object.keys(fields),
    getOwnPropertyDescriptor: (_, name) =>
      typeof name === 'string' && fields[name] !== undefined
        ? { value: readSlot(block, fields[name]), writable: true, enumerable: true, configurable: true }
        : undefined,
  });
  return { values, fields };
}

function locateX64(name: string, spec: SlotSpec, instructions: ReturnType<typeof decodeX64>, size: number): SlotField {
  const instruction = instructionAt(instructions, spec.at, size);
  const kind = spec.field ?? 'immediate';
  if (kind !== 'immediate' && kind !== 'displacement') {
    throw new JitkitError('E_OPERANDS', `slot '${name}': x86-64 slots are 'immediate' or 'displacement' fields, not '${kind}'`);
  }
  const offset = kind === 'immediate' ? instruction.immediateOffset : instruction.displacementOffset;
  const bytes = kind === 'immediate' ? instruction.immediateSize : instruction.displacementSize;
  if (bytes === 0) {
    throw new JitkitError('E_OPERANDS', `slot '${name}': '${instruction.text}' at +${spec.at} has no ${kind}`, { at: spec.at });
  }
  return { name, kind, offset: instruction.offset + offset, size: bytes, signed: spec.signed ?? (kind === 'displacement' ? true : undefined), instruction: instruction.text };
}

function word(code: Uint8Array, offset: number): number {
  return new DataView(code.buffer, code.byteOffset, code.byteLength).getUint32(offset, true);
}

function locateA64(name: string, spec: SlotSpec, code: Uint8Array): SlotField {
  if (!Number.isInteger(spec.at) || spec.at < 0 || spec.at + 4 > code.length) {
    throw new JitkitError('E_PATCH_RANGE', `slot '${name}': offset ${spec.at} is outside the ${code.length}-byte function`);
  }
  if (spec.at % 4 !== 0) {
    throw new JitkitError('E_PATCH_BOUNDARY', `slot '${name}': A64 instructions start every 4 bytes; ${spec.at} is not a multiple of 4`);
  }
  const first = word(code, spec.at);
  const hex = `0x${first.toString(16).padStart(8, '0')}`;
  // LDR (literal), 64-bit 0x58…, 32-bit 0x18…: imm19 word offset in bits 5-23 (Arm ARM C6.2.167).
  const literalForm = (first & 0xbf000000) >>> 0 === 0x18000000;
  const kind = spec.field ?? (literalForm ? 'literal' : 'movwide');
  if (kind === 'literal') {
    if (!literalForm) throw new JitkitError('E_OPERANDS', `slot '${name}': the word ${hex} at +${spec.at} is not an 'ldr <reg>, <literal>'`);
    const imm19 = (first >>> 5) & 0x7ffff;
    const relative = (imm19 << 13) >> 11; // sign-extend 19 bits, times 4
    const size = (first & 0x40000000) !== 0 ? 8 : 4;
    const offset = spec.at + relative;
    if (offset < 0 || offset + size > code.length) {
      throw new JitkitError('E_PATCH_RANGE', `slot '${name}': the literal of the ldr at +${spec.at} lies outside the function (at ${offset})`);
    }
    return { name, kind, offset, size, signed: spec.signed, instruction: `ldr ${size === 8 ? 'x' : 'w'}${first & 31}, <literal at +${offset}>` };
  }
  if (kind !== 'movwide') throw new JitkitError('E_OPERANDS', `slot '${name}': A64 slots are 'literal' or 'movwide', not '${kind}'`);
  const head = decodeMovWide(first);
  if (head === null || head.kind !== 'movz') throw new JitkitError('E_OPERANDS', `slot '${name}': the word ${hex} at +${spec.at} is not a 'movz'`);
  const pieces = [{ offset: spec.at, shift: head.shift }];
  for (let at = spec.at + 4; at + 4 <= code.length; at += 4) {
    const next = decodeMovWide(word(code, at));
    if (next === null || next.kind !== 'movk' || next.register !== head.register || next.width !== head.width) break;
    pieces.push({ offset: at, shift: next.shift });
  }
  return {
    name,
    kind,
    offset: spec.at,
    size: head.width === 'x' ? 8 : 4,
    signed: spec.signed,
    pieces,
    instruction: `movz/movk ${head.width}${head.register} (${pieces.length} instruction${pieces.length > 1 ? 's' : ''})`,
  };
}

/** The value as the field's raw bits, or E_PATCH_RANGE naming the range that would fit. */
export function slotBits(field: SlotField, value: number | bigint): bigint {
  if (typeof value !== 'bigint' && !Number.isSafeInteger(value)) {
    throw new JitkitError('E_PATCH_RANGE', `slot '${field.name}' holds an integer; ${String(value)} is not one`, { value: String(value) });
  }
  const v = BigInt(value);
  const bits = BigInt(field.size * 8);
  const low = field.signed === false ? 0n : -(1n << (bits - 1n));
  const high = field.signed === true ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  if (v < low || v > high) {
    throw new JitkitError(
      'E_PATCH_RANGE',
      `slot '${field.name}' is a ${field.size * 8}-bit field of '${field.instruction}'; ${v} is outside ${low}..${high}`,
      { value: String(v), low: String(low), high: String(high) },
    );
  }
  let raw = BigInt.asUintN(Number(bits), v);
  if (field.kind === 'movwide') {
    // Bits no piece writes are zero (movz clears them): a value needing them cannot be expressed.
    let covered = 0n;
    for (const piece of field.pieces ?? []) covered |= 0xffffn << BigInt(piece.shift);
    if ((raw & ~covered) !== 0n) {
      throw new JitkitError(
        'E_PATCH_RANGE',
        `slot '${field.name}' (${field.instruction}) sets only bits ${(field.pieces ?? []).map((p) => `${p.shift}-${p.shift + 15}`).join(', ')}; ${v} needs others`,
        { value: String(v) },
      );
    }
    raw &= covered;
  }
  return raw;
}

function readSlot(block: CodeBlock, field: SlotField): number | bigint {
  let raw = 0n;
  if (field.kind === 'movwide') {
    const bytes = block.read();
    for (const piece of field.pieces ?? []) raw |= BigInt((word(bytes, piece.offset) >>> 5) & 0xffff) << BigInt(piece.shift);
  } else {
    const bytes = block.read(field.offset, field.size);
    for (let i = field.size - 1; i >= 0; i--) raw = (raw << 8n) | BigInt(bytes[i]!);
  }
  const bits = field.size * 8;
  const signed = field.signed ?? field.kind === 'displacement';
  const value = signed ? BigInt.asIntN(bits, raw) : raw;
  return field.size <= 4 ? Number(value) : value;
}

function writeSlot(block: CodeBlock, field: SlotField, value: unknown): void {
  if (typeof value !== 'number' && typeof value !== 'bigint') {
    throw new JitkitError('E_PATCH_RANGE', `slot '${field.name}' holds an integer (number or bigint); got ${typeof value}`);
  }
  const raw = slotBits(field, value);
  if (field.kind === 'movwide') {
    writeMovWide(block, field, raw);
    return;
  }
  const bytes = new Uint8Array(field.size);
  for (let i = 0; i < field.size; i++) bytes[i] = Number((raw >> BigInt(8 * i)) & 0xffn);
  writeCodeField(block, field.offset, bytes, `slot '${field.name}'`);
}

function writeMovWide(block: CodeBlock, field: SlotField, raw: bigint): void {
  const pieces = field.pieces ?? [];
  if (block.heap.sharedWithThreads) {
    // Arm ARM B2.2.5: only B, BL, BRK, NOP and ISB words may change while another core executes them (a
    // movz/movk word is none of those), and a constant spread over several instructions could be seen half
    // old, half new. A literal slot changes with one data store instead.
    throw new JitkitError(
      'E_UNSUPPORTED',
      `slot '${field.name}' is a movz/movk constant (${pieces.length} instruction(s)); it cannot change while other threads run it. Load it with 'ldr <reg>, <literal>' and mark the literal as the slot`,
    );
  }
  const first = pieces[0]!.offset;
  const last = pieces[pieces.length - 1]!.offset + 4;
  const bytes = block.read(first, last - first);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const piece of pieces) {
    const old = view.getUint32(piece.offset - first, true);
    const decoded = decodeMovWide(old)!;
    view.setUint32(piece.offset - first, movWideWord(decoded.kind, decoded.width, decoded.register, Number((raw >> BigInt(piece.shift)) & 0xffffn), piece.shift), true);
  }
  if (pieces.length === 1) writeCodeField(block, first, bytes, `slot '${field.name}'`);
  else block.write(first, bytes);
}

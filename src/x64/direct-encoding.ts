import type { CodeBuffer } from '../asm/code-buffer.ts';
import type { Label } from '../asm/label.ts';
import type { Form } from './form.ts';
import type { Memory } from './memory.ts';
import type { Operand } from './operand.ts';

/**
 * What the specialised per-mnemonic encoders (the fluent method bodies in assembler-methods.generated.ts)
 * need from the assembler, and the few shared pieces they call. Those encoders write the common forms straight into the buffer
 * with the form's bytes as constants; anything else goes to `encodeGeneric`, the table-driven matcher
 * and encoder, which is the reference for every decision (form choice, errors).
 */
export interface DirectEncodingHost {
  readonly buffer: CodeBuffer;
  /**
   * False while a lock/rep prefix is pending or after `finalize`: then every instruction takes the
   * generic path, which handles the prefix or raises the error.
   */
  readonly directEncoding: boolean;
  encodeGeneric(id: number, o0?: Operand, o1?: Operand, o2?: Operand, o3?: Operand, o4?: Operand): DirectEncodingHost;
  /** Encodes an already chosen form through the generic encoder. */
  put(form: Form, o0?: Operand, o1?: Operand, o2?: Operand, o3?: Operand, o4?: Operand): DirectEncodingHost;
  /**
   * A jmp/jcc to a label: its short form (`opcode` and a rel8) now, relaxed to form `nearId`
   * (`nearSize` bytes) at finalize if needed.
   */
  branchToLabel(target: Label, shortId: number, nearId: number, opcode: number, nearSize: number): DirectEncodingHost;
}

/**
 * Longest x86 instruction is 15 bytes; the specialised encoders check for this much room once per
 * instruction, then store without further checks.
 */
export const DIRECT_RESERVE = 16;

/**
 * ModRM (+ SIB + displacement) of a direct memory operand; `regBits` is ModRM.reg already shifted (bits
 * 3-5). Positions are computed `(p + n) | 0`, as in the generated encoders, so the adds need no overflow
 * check.
 */
export function writeMemoryOperand(d: Uint8Array, p: number, regBits: number, memory: Memory): number {
  d[p] = memory.modrm | regBits;
  p = (p + 1) | 0;
  const sib = memory.sib;
  if (sib >= 0) {
    d[p] = sib;
    p = (p + 1) | 0;
  }
  const count = memory.dispBytes;
  if (count === 0) return p;
  const disp = memory.disp;
  d[p] = disp;
  if (count === 1) return (p + 1) | 0;
  d[(p + 1) | 0] = disp >> 8;
  d[(p + 2) | 0] = disp >> 16;
  d[(p + 3) | 0] = disp >> 24;
  return (p + 4) | 0;
}

/**
 * The same for an EVEX form whose disp8 is scaled by `scale` (compressed displacement, Intel SDM Vol. 2,
 * 2.7.5): only multiples of N within ±128·N fit a disp8, so the mod chosen for the plain encoding may change.
 */
export function writeScaledMemoryOperand(d: Uint8Array, p: number, regBits: number, memory: Memory, scale: number): number {
  const count = memory.dispBytes;
  // no displacement, or a base-less/RIP disp32 (which is never compressed): the plain encoding holds
  if (count === 0 || (memory.modrm & 0xc0) === 0) return writeMemoryOperand(d, p, regBits, memory);
  const disp = memory.disp;
  const scaled = disp / scale;
  const fits = (disp & (scale - 1)) === 0 && scaled >= -128 && scaled <= 127;
  d[p] = (memory.modrm & 0x3f) | (fits ? 0x40 : 0x80) | regBits;
  p = (p + 1) | 0;
  const sib = memory.sib;
  if (sib >= 0) {
    d[p] = sib;
    p = (p + 1) | 0;
  }
  if (fits) {
    d[p] = scaled;
    return (p + 1) | 0;
  }
  d[p] = disp;
  d[(p + 1) | 0] = disp >> 8;
  d[(p + 2) | 0] = disp >> 16;
  d[(p + 3) | 0] = disp >> 24;
  return (p + 4) | 0;
}

import type { FixupFormat } from '../asm/fixup.ts';

/**
 * The assembler's pending fixups as columns of typed arrays that only grow: offset, target, addend and
 * format per row. A forward branch is the common case (two per basic block), so recording one must not
 * allocate: JS arrays of Label objects cost a write barrier per store and, once large, a copy in
 * large-object space at every growth, which the garbage collector then scans.
 *
 * A target is a label id (labels are numbered from 0 by their assembler) or, for an absolute bigint
 * address, -1 - its index in `addresses`. A format is its index in `formats`: an assembler meets a
 * handful of formats, so a linear search of pointers finds it faster than a hash lookup would.
 */
export class FixupTable {
  count = 0;
  at: Int32Array;
  target: Int32Array;
  addend: Float64Array;
  format: Uint8Array;
  readonly addresses: bigint[] = [];
  readonly formats: FixupFormat[] = [];

  constructor(capacity = 64) {
    this.at = new Int32Array(capacity);
    this.target = new Int32Array(capacity);
    this.addend = new Float64Array(capacity);
    this.format = new Uint8Array(capacity);
  }

  add(at: number, target: number, addend: number, format: FixupFormat): void {
    const row = this.count;
    if (row === this.at.length) this.grow();
    this.at[row] = at;
    this.target[row] = target;
    this.addend[row] = addend;
    this.format[row] = this.formatIndex(format);
    this.count = row + 1;
  }

  /** The target code for an absolute address (stored once per fixup that names one; they are rare). */
  addressTarget(address: bigint): number {
    this.addresses.push(address);
    return -this.addresses.length;
  }

  formatIndex(format: FixupFormat): number {
    const formats = this.formats;
    for (let i = 0; i < formats.length; i++) if (formats[i] === format) return i;
    if (formats.length === 256) throw new Error('more than 256 fixup formats in one assembler');
    formats.push(format);
    return formats.length - 1;
  }

  private grow(): void {
    const capacity = this.at.length * 2;
    const at = new Int32Array(capacity);
    const target = new Int32Array(capacity);
    const addend = new Float64Array(capacity);
    const format = new Uint8Array(capacity);
    at.set(this.at);
    target.set(this.target);
    addend.set(this.addend);
    format.set(this.format);
    this.at = at;
    this.target = target;
    this.addend = addend;
    this.format = format;
  }
}

import { JitkitError } from '../errors.ts';

/**
 * A growable little-endian byte buffer that encoders append to.
 *
 * `data` and `length` are public on purpose: the x64 and arm64 encoders write through them directly in
 * their hot loops, calling `reserve(n)` once per instruction instead of paying a bounds check per byte.
 * Both architectures jitkit targets are little-endian, so every multi-byte write here is little-endian.
 */
export class CodeBuffer {
  data: Uint8Array;
  length = 0;
  /**
   * `data.length`, kept as a plain small-integer field: a hot path tests `length + n > capacity` without
   * loading the array, checking its map and reading its length.
   */
  capacity = 0;
  /**
   * A view of `data` for whole-word stores: one bounds check and one 32-bit store where four byte stores
   * would take four (the A64 encoders write every instruction through it). Replaced with `data`.
   */
  view: DataView;

  constructor(initialCapacity = 256) {
    this.data = new Uint8Array(Math.max(16, initialCapacity));
    this.capacity = this.data.length;
    this.view = new DataView(this.data.buffer);
  }

  /** Makes room for `count` more bytes after `length`. */
  reserve(count: number): void {
    const needed = this.length + count;
    if (needed <= this.data.length) return;
    let capacity = this.data.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
    this.view = new DataView(grown.buffer);
    this.capacity = capacity;
  }

  u8(value: number): void {
    this.reserve(1);
    this.data[this.length++] = value;
  }

  u16(value: number): void {
    this.reserve(2);
    const d = this.data;
    let n = this.length;
    d[n++] = value;
    d[n++] = value >>> 8;
    this.length = n;
  }

  u32(value: number): void {
    this.reserve(4);
    const d = this.data;
    let n = this.length;
    d[n++] = value;
    d[n++] = value >>> 8;
    d[n++] = value >>> 16;
    d[n++] = value >>> 24;
    this.length = n;
  }

  u64(value: bigint): void {
    const v = BigInt.asUintN(64, value);
    this.u32(Number(v & 0xffffffffn));
    this.u32(Number(v >> 32n));
  }

  bytes(source: ArrayLike<number>): void {
    this.reserve(source.length);
    this.data.set(source, this.length);
    this.length += source.length;
  }

  /** Appends `count` copies of `value` (padding, trap fill). */
  fill(value: number, count: number): void {
    this.reserve(count);
    this.data.fill(value, this.length, this.length + count);
    this.length += count;
  }

  readU32(offset: number): number {
    this.check(offset, 4);
    const d = this.data;
    return (d[offset]! | (d[offset + 1]! << 8) | (d[offset + 2]! << 16) | (d[offset + 3]! << 24)) >>> 0;
  }

  writeU32(offset: number, value: number): void {
    this.check(offset, 4);
    const d = this.data;
    d[offset] = value;
    d[offset + 1] = value >>> 8;
    d[offset + 2] = value >>> 16;
    d[offset + 3] = value >>> 24;
  }

  writeU64(offset: number, value: bigint): void {
    const v = BigInt.asUintN(64, value);
    this.writeU32(offset, Number(v & 0xffffffffn));
    this.writeU32(offset + 4, Number(v >> 32n));
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.data.slice(0, this.length);
  }

  private check(offset: number, size: number): void {
    if (!Number.isInteger(offset) || offset < 0 || offset + size > this.length) {
      throw new JitkitError('E_RANGE', `offset ${offset} (+${size} bytes) is outside the ${this.length} bytes written`);
    }
  }
}

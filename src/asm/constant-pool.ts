import type { Label } from './label.ts';

interface PoolEntry {
  readonly label: Label;
  readonly bytes: Uint8Array;
  readonly alignment: number;
}

/**
 * Literal data that code reaches PC-relatively (x64 RIP-relative operands, arm64 `ldr` literal).
 *
 * Identical constants with the same alignment share one copy. The pool does not decide where it is
 * placed: x64 places it after the code (RIP-relative reach is ±2 GiB), arm64 flushes it before any
 * pending `ldr` literal would fall out of its ±1 MiB range.
 */
export class ConstantPool {
  private readonly entries: PoolEntry[] = [];
  private readonly byKey = new Map<string, Label>();

  private readonly newLabel: () => Label;

  constructor(newLabel: () => Label) {
    this.newLabel = newLabel;
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** Number of bytes the pool needs at most, including worst-case alignment padding. */
  get worstCaseSize(): number {
    let size = 0;
    for (const entry of this.entries) size += entry.bytes.length + entry.alignment - 1;
    return size;
  }

  add(bytes: Uint8Array, alignment = bytes.length): Label {
    const align = Math.max(1, alignment);
    if ((align & (align - 1)) !== 0) throw new RangeError(`constant alignment ${align} is not a power of two`);
    let key = `${align}:`;
    for (const byte of bytes) key += byte < 16 ? `0${byte.toString(16)}` : byte.toString(16);
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const label = this.newLabel();
    this.entries.push({ label, bytes: bytes.slice(), alignment: align });
    this.byKey.set(key, label);
    return label;
  }

  /**
   * Writes the pending constants, largest alignment first so padding is paid once, and forgets them.
   * `pad(n)` writes n filler bytes, `bind(label)` binds at the current position, `write(bytes)` appends.
   */
  flush(position: () => number, pad: (count: number) => void, bind: (label: Label) => void, write: (bytes: Uint8Array) => void): void {
    const ordered = [...this.entries].sort((a, b) => b.alignment - a.alignment);
    for (const entry of ordered) {
      const misalignment = position() % entry.alignment;
      if (misalignment !== 0) pad(entry.alignment - misalignment);
      bind(entry.label);
      write(entry.bytes);
    }
    this.entries.length = 0;
    this.byKey.clear();
  }
}

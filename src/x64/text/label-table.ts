import type { Label } from '../../asm/label.ts';

/**
 * The labels one parse has named, found by the packed name key the scanner computed (words.ts), so a
 * label used again costs a few integer compares instead of cutting its name out of the text and hashing
 * it as a string. Names longer than a key holds go through a string map. Each entry remembers where the
 * parse first named it, to say where an undefined label was needed.
 *
 * The labels themselves come from the assembler's shared name map (text-labels.ts), so every piece of
 * text appended to one assembler refers to the same label.
 */
const NO_SLOTS = new Int32Array(4);

export class LabelTable {
  /**
   * Open addressing, stride 4: k0, k1, k2, entry index + 1 (0: empty). Until the first label is added,
   * one shared empty slot: a template call makes a table per call, and most name no label by text.
   */
  private slots = NO_SLOTS;
  private mask = 0;
  private longNames: Map<string, number> | null = null;
  readonly labels: Label[] = [];
  readonly names: string[] = [];
  readonly firstLine: number[] = [];
  readonly firstColumn: number[] = [];

  /** The entry of the name with key (k0, k1, k2), or -1. */
  find(k0: number, k1: number, k2: number): number {
    const slots = this.slots;
    let slot = hash(k0, k1, k2) & this.mask;
    for (;;) {
      const at = slot << 2;
      const entry = slots[at + 3]!;
      if (entry === 0) return -1;
      if (slots[at] === k0 && slots[at + 1] === k1 && slots[at + 2] === k2) return entry - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The entry of a name too long for a key, or -1. */
  findLong(name: string): number {
    return this.longNames?.get(name) ?? -1;
  }

  /** Adds a label; `long` names (no key) are kept by string. Returns the entry index. */
  add(name: string, label: Label, long: boolean, k0: number, k1: number, k2: number, line: number, column: number): number {
    const entry = this.labels.length;
    this.labels.push(label);
    this.names.push(name);
    this.firstLine.push(line);
    this.firstColumn.push(column);
    if (long) {
      (this.longNames ??= new Map()).set(name, entry);
    } else {
      if (this.slots === NO_SLOTS) {
        this.slots = new Int32Array(64 * 4);
        this.mask = 63;
      }
      if ((this.labels.length - (this.longNames?.size ?? 0)) * 2 > this.mask) this.grow();
      this.insert(k0, k1, k2, entry);
    }
    return entry;
  }

  private insert(k0: number, k1: number, k2: number, entry: number): void {
    const slots = this.slots;
    let slot = hash(k0, k1, k2) & this.mask;
    while (slots[(slot << 2) + 3] !== 0) slot = (slot + 1) & this.mask;
    const at = slot << 2;
    slots[at] = k0;
    slots[at + 1] = k1;
    slots[at + 2] = k2;
    slots[at + 3] = entry + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 3] !== 0) this.insert(old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]! - 1);
    }
  }
}

function hash(k0: number, k1: number, k2: number): number {
  const h = Math.imul(k0 ^ Math.imul(k1 ^ Math.imul(k2, 0x2c1b3c6d), 0x297a2d39), 0x9e3779b1);
  return h ^ (h >>> 15);
}

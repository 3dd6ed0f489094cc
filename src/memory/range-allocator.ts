/**
 * First-fit allocator of byte ranges inside one chunk, in units of `granule` bytes. Free ranges are kept
 * sorted and coalesced, so freeing neighbours merges them back into one range.
 */
export class RangeAllocator {
  /** Sorted, non-overlapping, non-adjacent free ranges as [start, end) pairs. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private used = 0;
  readonly capacity: number;
  readonly granule: number;

  constructor(capacity: number, granule: number) {
    this.capacity = capacity;
    this.granule = granule;
    this.starts.push(0);
    this.ends.push(capacity);
  }

  get bytesInUse(): number {
    return this.used;
  }

  get isEmpty(): boolean {
    return this.used === 0;
  }

  /** Rounds a request up to whole granules. */
  roundSize(size: number): number {
    return Math.ceil(size / this.granule) * this.granule;
  }

  /** Returns the offset of a free range of `size` bytes aligned to `alignment`, or -1. */
  allocate(size: number, alignment: number): number {
    const rounded = this.roundSize(size);
    for (let i = 0; i < this.starts.length; i++) {
      const start = this.starts[i]!;
      const end = this.ends[i]!;
      const aligned = Math.ceil(start / alignment) * alignment;
      if (aligned + rounded > end) continue;
      this.take(i, aligned, aligned + rounded);
      this.used += rounded;
      return aligned;
    }
    return -1;
  }

  free(offset: number, size: number): void {
    const end = offset + this.roundSize(size);
    let index = 0;
    while (index < this.starts.length && this.starts[index]! < offset) index++;
    const mergesBefore = index > 0 && this.ends[index - 1] === offset;
    const mergesAfter = index < this.starts.length && this.starts[index] === end;
    if (mergesBefore && mergesAfter) {
      this.ends[index - 1] = this.ends[index]!;
      this.starts.splice(index, 1);
      this.ends.splice(index, 1);
    } else if (mergesBefore) {
      this.ends[index - 1] = end;
    } else if (mergesAfter) {
      this.starts[index] = offset;
    } else {
      this.starts.splice(index, 0, offset);
      this.ends.splice(index, 0, end);
    }
    this.used -= end - offset;
  }

  private take(index: number, start: number, end: number): void {
    const freeStart = this.starts[index]!;
    const freeEnd = this.ends[index]!;
    const pieces: Array<[number, number]> = [];
    if (freeStart < start) pieces.push([freeStart, start]);
    if (end < freeEnd) pieces.push([end, freeEnd]);
    this.starts.splice(index, 1, ...pieces.map((piece) => piece[0]));
    this.ends.splice(index, 1, ...pieces.map((piece) => piece[1]));
  }
}

import { absoluteTarget, outOfRange, relativeDisplacement, type FixupFormat, type FixupSite } from '../asm/fixup.ts';

/**
 * The A64 fixup formats: each knows the bit field of one PC-relative or page-relative encoding and its
 * range. Instructions are emitted with the field zeroed; `apply` ORs the value in once the target is known.
 */

function orWord(site: FixupSite, field: number): void {
  const b = site.bytes;
  const at = site.at;
  const word = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) | field;
  b[at] = word;
  b[at + 1] = word >>> 8;
  b[at + 2] = word >>> 16;
  b[at + 3] = word >>> 24;
}

/**
 * A format whose field depends only on the distance to a label in the same code (B/BL/B.cond/CBZ/TBZ/LDR
 * literal/ADR): the assembler writes it as soon as the label is bound, or at finalize without building the
 * generic fixup site. `relativeField` gives the bits for a byte displacement, or -1 when it is out of range
 * (the generic path then reports the error).
 */
export interface RelativeFixupFormat extends FixupFormat {
  relativeField(displacement: number): number;
}

export function isRelativeFormat(format: FixupFormat): format is RelativeFixupFormat {
  return (format as Partial<RelativeFixupFormat>).relativeField !== undefined;
}

/** A branch-style field: a signed word offset of `bits` bits at bit `shift` (B/BL imm26, B.cond/CBZ/LDR imm19, TBZ imm14). */
function wordOffsetFormat(name: string, bits: number, shift: number): RelativeFixupFormat {
  const limit = 2 ** (bits + 1); // bytes: the field counts 4-byte words
  const range = `-${limit}..${limit - 4} bytes, a multiple of 4`;
  return {
    name,
    relativeField(displacement) {
      if ((displacement & 3) !== 0 || displacement < -limit || displacement > limit - 4) return -1;
      return ((displacement / 4) & ((1 << bits) - 1)) << shift;
    },
    apply(site) {
      const displacement = relativeDisplacement(site);
      if (displacement % 4 !== 0 || displacement < -limit || displacement > limit - 4) {
        throw outOfRange(site, name, displacement, range);
      }
      orWord(site, ((displacement / 4) & ((1 << bits) - 1)) << shift);
    },
  };
}

export const branch26 = wordOffsetFormat('imm26', 26, 0);
export const branch19 = wordOffsetFormat('imm19', 19, 5);
export const branch14 = wordOffsetFormat('imm14', 14, 5);

/** ADR: a 21-bit signed byte offset split as immlo (bits 29..30) and immhi (bits 5..23). */
export function adrField(displacement: number): number {
  return ((displacement & 3) << 29) | (((displacement >> 2) & 0x7ffff) << 5);
}

export const adr21: RelativeFixupFormat = {
  name: 'adr',
  relativeField: (displacement) => (displacement < -(1 << 20) || displacement >= 1 << 20 ? -1 : adrField(displacement)),
  apply(site) {
    const displacement = relativeDisplacement(site);
    if (displacement < -(1 << 20) || displacement >= 1 << 20) throw outOfRange(site, 'adr', displacement, '±1 MiB');
    orWord(site, adrField(displacement));
  },
};

/**
 * ADRP: the distance in 4 KiB pages between the page of the instruction and the page of the target, which
 * depends on where the code is loaded; that is why it is applied against `site.base`.
 */
export const adrpPage21: FixupFormat = {
  name: 'adrp',
  apply(site) {
    const target = absoluteTarget(site);
    const pages = (target >> 12n) - ((site.base + BigInt(site.pc)) >> 12n);
    if (pages < -(1n << 20n) || pages >= 1n << 20n) throw outOfRange(site, 'adrp', pages * 4096n, '±4 GiB');
    orWord(site, adrField(Number(pages)));
  },
};

/**
 * `:lo12:` in an ADD immediate or a scaled load/store offset: the low 12 bits of the absolute target,
 * divided by the access size for loads/stores, which therefore need a target aligned to that size.
 */
function lo12Format(scale: number): FixupFormat {
  const name = scale === 1 ? 'lo12' : `lo12/${scale}`;
  return {
    name,
    apply(site) {
      const low = Number(absoluteTarget(site) & 0xfffn);
      if (low % scale !== 0) throw outOfRange(site, name, low, `multiples of ${scale} (the access size must divide the target's address)`);
      orWord(site, (low / scale) << 10);
    },
  };
}
export const lo12ByScale: Record<number, FixupFormat> = { 1: lo12Format(1), 2: lo12Format(2), 4: lo12Format(4), 8: lo12Format(8), 16: lo12Format(16) };

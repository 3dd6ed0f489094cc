import { absoluteTarget, outOfRange, relativeDisplacement } from '../asm/fixup.ts';
import type { FixupFormat, FixupSite } from '../asm/fixup.ts';

/**
 * x86-64 fixup fields. Displacements are measured from the end of the instruction (`pc`), which for a
 * RIP-relative operand followed by an immediate is past the immediate too (Intel SDM 2.2.1.6).
 * `at` is the offset of the field itself.
 */

function writeLe(bytes: Uint8Array, at: number, value: number, size: number): void {
  for (let i = 0; i < size; i++) bytes[at + i] = value >> (8 * i);
}

export const rel8: FixupFormat = {
  name: 'rel8',
  apply(site: FixupSite): void {
    const value = relativeDisplacement(site);
    if (value < -128 || value > 127) throw outOfRange(site, 'rel8', value, '-128..127');
    site.bytes[site.at] = value;
  },
};

export const rel32: FixupFormat = {
  name: 'rel32',
  apply(site: FixupSite): void {
    const value = relativeDisplacement(site);
    if (value < -0x80000000 || value > 0x7fffffff) throw outOfRange(site, 'rel32', value, '±2 GiB');
    writeLe(site.bytes, site.at, value, 4);
  },
};

/** An absolute 64-bit address (`movabs rax, label`, jump tables). */
export const abs64: FixupFormat = {
  name: 'abs64',
  apply(site: FixupSite): void {
    const value = BigInt.asUintN(64, absoluteTarget(site));
    writeLe(site.bytes, site.at, Number(value & 0xffffffffn), 4);
    writeLe(site.bytes, site.at + 4, Number(value >> 32n), 4);
  },
};

import { JitkitError } from '../errors.ts';
import type { Label } from './label.ts';

/**
 * Where a not-yet-known value has to be written once labels are bound and the load address is chosen.
 *
 * The generic core knows nothing of instruction formats: each architecture supplies `FixupFormat`s
 * (x64 rel8/rel32/abs64, arm64 imm26/imm19/imm14/adr/adrp/lo12, ...) that know their bit fields and
 * ranges, in the manner of asmjit's fixups that carry their own field description.
 */
export interface FixupSite {
  /** The code bytes being finalized. */
  readonly bytes: Uint8Array;
  /** Offset of the first byte of the instruction (or datum) being patched. */
  readonly at: number;
  /** Offset the displacement is measured from (x64: end of instruction; arm64: the instruction itself). */
  readonly pc: number;
  /** Target: a label's offset plus the addend, in bytes from the start of the code. */
  readonly targetOffset: number;
  /** Absolute target address when the fixup names an address outside the code, else `undefined`. */
  readonly externalTarget: bigint | undefined;
  /** Load address of byte 0 of the code. */
  readonly base: bigint;
  /** For error messages: the label or address being reached. */
  readonly describe: string;
}

export interface FixupFormat {
  readonly name: string;
  apply(site: FixupSite): void;
}

export interface Fixup {
  readonly at: number;
  readonly pc: number;
  readonly target: Label | bigint;
  readonly addend: number;
  readonly format: FixupFormat;
}

/** Distance from `pc` to the target; external targets are measured through the load address. */
export function relativeDisplacement(site: FixupSite): number {
  if (site.externalTarget === undefined) return site.targetOffset - site.pc;
  const distance = site.externalTarget - (site.base + BigInt(site.pc));
  if (distance > BigInt(Number.MAX_SAFE_INTEGER) || distance < BigInt(Number.MIN_SAFE_INTEGER)) {
    return Number.MAX_SAFE_INTEGER; // any format's range check rejects this
  }
  return Number(distance);
}

/** Absolute address of the target once the code lives at `site.base`. */
export function absoluteTarget(site: FixupSite): bigint {
  return site.externalTarget ?? site.base + BigInt(site.targetOffset);
}

export function outOfRange(site: FixupSite, format: string, value: number | bigint, range: string): JitkitError {
  return new JitkitError(
    'E_RANGE',
    `${format} reference to ${site.describe} at offset ${site.at} needs ${value}, outside ${range}; ` +
      'use a longer branch form or keep the target closer',
    { at: site.at, format, value: String(value) },
  );
}

/**
 * Applies every fixup against `bytes` for a load address of `base`. Throws `E_LABEL` for an unbound label.
 */
export function applyFixups(bytes: Uint8Array, fixups: readonly Fixup[], base: bigint): void {
  for (const fixup of fixups) {
    const target = fixup.target;
    let targetOffset = 0;
    let externalTarget: bigint | undefined;
    let describe: string;
    if (typeof target === 'bigint') {
      externalTarget = target + BigInt(fixup.addend);
      describe = `address 0x${target.toString(16)}`;
    } else {
      if (!target.isBound) {
        throw new JitkitError('E_LABEL', `label ${target} is used at offset ${fixup.at} but never bound; call bind(label) where it belongs`);
      }
      targetOffset = target.offset + fixup.addend;
      describe = `label ${target}`;
    }
    fixup.format.apply({ bytes, at: fixup.at, pc: fixup.pc, targetOffset, externalTarget, base, describe });
  }
}

import { JitkitError } from '../errors.ts';
import type { CodeBlock } from '../memory/index.ts';

export type SiteUse = 'probe' | 'breakpoint';

/**
 * Which A64 instruction words of which function a probe or breakpoint currently replaces. Stacking them on
 * one word would make them undo each other: removing the first restores the original word over the second,
 * removing the second then puts the first's branch or trap back.
 */
const sites = new WeakMap<CodeBlock, Map<number, SiteUse>>();

/** Reserves `offset` of `block` for `use`, or E_PATCH_RANGE naming what is there already. */
export function claimSite(block: CodeBlock, offset: number, use: SiteUse): void {
  const used = sites.get(block) ?? new Map<number, SiteUse>();
  const existing = used.get(offset);
  if (existing !== undefined) {
    throw new JitkitError('E_PATCH_RANGE', `there is already a ${existing} at +${offset}; remove it first`, { offset, existing });
  }
  used.set(offset, use);
  sites.set(block, used);
}

export function releaseSite(block: CodeBlock, offset: number): void {
  sites.get(block)?.delete(offset);
}

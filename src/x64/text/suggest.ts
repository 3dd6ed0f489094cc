import { MNEMONICS } from '../instruction-set.ts';

/**
 * Edit distance where swapping two neighbouring letters costs one edit (the usual typo: `mvo` for `mov`).
 * Only ever run on a typo, over a few hundred mnemonics, so the plain table is fast enough.
 */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Up to three table mnemonics closest to a misspelled one, nearest first (empty when none is close). */
export function similarMnemonics(name: string): string[] {
  const lower = name.toLowerCase();
  const limit = lower.length <= 3 ? 1 : 2;
  return MNEMONICS.map((mnemonic) => ({ mnemonic, cost: distance(lower, mnemonic) }))
    .filter((candidate) => candidate.cost <= limit)
    .sort((a, b) => a.cost - b.cost || a.mnemonic.localeCompare(b.mnemonic))
    .slice(0, 3)
    .map((candidate) => candidate.mnemonic);
}

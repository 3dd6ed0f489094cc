import { encodeBitmask } from './immediates.ts';

/**
 * Plans the shortest sequence that puts a constant in a register, from MOVZ/MOVN/MOVK and ORR with a
 * logical immediate (the strategies of the Arm ARM's MOV aliases, extended to sequences as compilers do):
 *  - MOVZ the first non-zero 16-bit chunk, MOVK the other non-zero chunks;
 *  - MOVN the first chunk that is not 0xffff, MOVK the others that are not;
 *  - ORR a logical immediate, then MOVK the one or two chunks in which the value differs from it.
 */
export type MoveStep =
  | { readonly kind: 'movz' | 'movn' | 'movk'; readonly chunk: number; readonly shift: number }
  | { readonly kind: 'orr'; readonly value: bigint };

function chunksOf(hi: number, lo: number, count: number): number[] {
  const chunks = [lo & 0xffff, lo >>> 16, hi & 0xffff, hi >>> 16];
  return chunks.slice(0, count);
}

function joinChunks(chunks: readonly number[]): { hi: number; lo: number } {
  const lo = ((chunks[0]! | (chunks[1]! << 16)) >>> 0);
  const hi = chunks.length > 2 ? ((chunks[2]! | (chunks[3]! << 16)) >>> 0) : lo;
  return { hi, lo };
}

function isBitmask(chunks: readonly number[]): boolean {
  const { hi, lo } = joinChunks(chunks);
  return encodeBitmask(hi, lo) >= 0;
}

function toBigInt(chunks: readonly number[]): bigint {
  let value = 0n;
  for (let i = chunks.length - 1; i >= 0; i--) value = (value << 16n) | BigInt(chunks[i]!);
  return value;
}

function wideSequence(chunks: readonly number[], inverted: boolean): MoveStep[] {
  const filler = inverted ? 0xffff : 0;
  const steps: MoveStep[] = [];
  for (let i = 0; i < chunks.length; i++) {
    if (chunks[i] === filler) continue;
    if (steps.length === 0) steps.push({ kind: inverted ? 'movn' : 'movz', chunk: inverted ? ~chunks[i]! & 0xffff : chunks[i]!, shift: 16 * i });
    else steps.push({ kind: 'movk', chunk: chunks[i]!, shift: 16 * i });
  }
  if (steps.length === 0) steps.push({ kind: inverted ? 'movn' : 'movz', chunk: 0, shift: 0 });
  return steps;
}

/** Replaces the chunks at `positions` with candidates from the other chunks (or 0/0xffff) until ORR can encode it. */
function bitmaskWithPatches(chunks: readonly number[], positions: readonly number[]): MoveStep[] | undefined {
  const others = chunks.filter((_, i) => !positions.includes(i));
  const candidates = [...new Set([...others, 0, 0xffff])];
  const trial = chunks.slice();
  const search = (depth: number): boolean => {
    if (depth === positions.length) return isBitmask(trial);
    for (const candidate of candidates) {
      trial[positions[depth]!] = candidate;
      if (search(depth + 1)) return true;
    }
    return false;
  };
  if (!search(0)) return undefined;
  const steps: MoveStep[] = [{ kind: 'orr', value: toBigInt(trial) }];
  for (const position of positions) {
    if (trial[position] !== chunks[position]) steps.push({ kind: 'movk', chunk: chunks[position]!, shift: 16 * position });
  }
  return steps;
}

/** The plan for `hi:lo` in a register of `width` bits (for 32 bits only `lo` counts). */
export function planMoveImmediate(hi: number, lo: number, width: 32 | 64): MoveStep[] {
  const chunks = chunksOf(hi, lo, width / 16);
  let best = wideSequence(chunks, false);
  const inverted = wideSequence(chunks, true);
  if (inverted.length < best.length) best = inverted;
  if (best.length === 1) return best;
  if (isBitmask(chunks)) return [{ kind: 'orr', value: toBigInt(chunks) }];
  if (width === 64 && best.length > 2) {
    for (let i = 0; i < 4; i++) {
      const plan = bitmaskWithPatches(chunks, [i]);
      if (plan !== undefined && plan.length < best.length) best = plan;
    }
    if (best.length > 3) {
      for (let i = 0; i < 4; i++) {
        for (let j = i + 1; j < 4; j++) {
          const plan = bitmaskWithPatches(chunks, [i, j]);
          if (plan !== undefined && plan.length < best.length) best = plan;
        }
      }
    }
  }
  return best;
}

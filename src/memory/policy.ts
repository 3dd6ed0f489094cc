import { JitkitError } from '../errors.ts';
import type { PolicySupport } from '../native/platform.ts';

/**
 * How code memory is made writable and executable.
 * - `wx`: one mapping that flips between RW and RX; never both at once. Code on a page cannot run while
 *   that page is being written, so it is safe only while no other thread runs code on that page.
 * - `dual`: one shared object mapped twice, RX for running and RW (elsewhere) for writing. No protection
 *   ever changes, so other threads keep running while code is written.
 * - `rwx`: one mapping that is writable and executable at once. Unsafe (any memory-corruption bug becomes
 *   code injection); only for experiments that need to write code through the pointer they run.
 * - `auto`: `dual` where the OS allows it, else `wx`. Never `rwx`.
 */
export type CodePolicy = 'auto' | 'wx' | 'dual' | 'rwx';
export type ResolvedPolicy = Exclude<CodePolicy, 'auto'>;

export const CODE_POLICIES: readonly CodePolicy[] = ['auto', 'wx', 'dual', 'rwx'];

export function isCodePolicy(value: string): value is CodePolicy {
  return (CODE_POLICIES as readonly string[]).includes(value);
}

export function allowedPolicies(support: PolicySupport): ResolvedPolicy[] {
  const allowed: ResolvedPolicy[] = [];
  if (support.dual) allowed.push('dual');
  if (support.wx) allowed.push('wx');
  if (support.rwx) allowed.push('rwx');
  return allowed;
}

/** The policies whose support `resolvePolicy` needs to decide `requested`. */
export function policiesToProbe(requested: CodePolicy): ResolvedPolicy[] {
  return requested === 'auto' ? ['dual', 'wx'] : requested === 'rwx' ? ['rwx', 'dual', 'wx'] : ['dual', 'wx'];
}

/**
 * Picks the concrete policy for a request, or explains which ones would work. `support` need only hold
 * the policies `policiesToProbe(requested)` names: rwx is never probed unless asked for. `preferDual`
 * false makes `auto` choose `wx` where both work (see `aliasWritesReachExecution`).
 */
export function resolvePolicy(requested: CodePolicy, support: PolicySupport, preferDual = true): ResolvedPolicy {
  if (requested === 'auto') {
    if (support.dual && (preferDual || !support.wx)) return 'dual';
    if (support.wx) return 'wx';
    throw new JitkitError(
      'E_POLICY_DENIED',
      `this OS allows neither dual mapping (${support.reasons.dual ?? 'refused'}) nor W^X flipping (${support.reasons.wx ?? 'refused'}); ` +
        "'rwx' is used only when asked for by name",
      { requested, support },
    );
  }
  if (support[requested]) return requested;
  const others = allowedPolicies(support).filter((policy) => policy !== requested);
  throw new JitkitError(
    'E_POLICY_DENIED',
    `the OS refuses policy '${requested}' (${support.reasons[requested] ?? 'refused'}); ` +
      (others.length > 0 ? `policies that work here: ${others.join(', ')}` : 'no policy works on this system'),
    { requested, allowed: others },
  );
}

import type { NativePlatform, PolicySupport } from '../native/platform.ts';
import type { ResolvedPolicy } from './policy.ts';

const cache = new WeakMap<NativePlatform, Map<ResolvedPolicy, string | null>>();

/**
 * Whether the OS allows `policy`, tried once per process and then remembered: SELinux `execmem`, PaX
 * MPROTECT or `vm.memfd_noexec` can refuse any of them. Returns null when allowed, else the reason.
 * Policies are probed only when needed, so a program that never asks for `rwx` never maps a page that
 * is writable and executable, not even a throw-away one.
 */
export function probePolicy(platform: NativePlatform, policy: ResolvedPolicy): string | null {
  let answers = cache.get(platform);
  if (answers === undefined) {
    answers = new Map();
    cache.set(platform, answers);
  }
  if (!answers.has(policy)) answers.set(policy, platform.probePolicy(policy));
  return answers.get(policy)!;
}

/** The answers for the given policies (all three by default — only `jitkit probe` asks for that). */
export function supportedPolicies(platform: NativePlatform, policies: readonly ResolvedPolicy[] = ['wx', 'dual', 'rwx']): PolicySupport {
  const reasons: Partial<Record<ResolvedPolicy, string>> = {};
  const allowed: Record<ResolvedPolicy, boolean> = { wx: false, dual: false, rwx: false };
  for (const policy of policies) {
    const reason = probePolicy(platform, policy);
    if (reason === null) allowed[policy] = true;
    else reasons[policy] = reason;
  }
  for (const policy of ['wx', 'dual', 'rwx'] as const) {
    if (!policies.includes(policy)) reasons[policy] = 'not probed';
  }
  return { ...allowed, reasons };
}

import type { ResolvedPolicy } from '../memory/index.ts';

/** One sentence per policy, for the demos' narration. */
export function policyExplanation(policy: ResolvedPolicy): string {
  switch (policy) {
    case 'wx':
      return 'W^X: code pages are writable or executable, never both; each write flips the page RX -> RW -> RX';
    case 'dual':
      return 'dual mapping: one memfd named "jitkit" mapped twice, RX where code runs and RW elsewhere where jitkit writes';
    case 'rwx':
      return 'RWX: writable and executable at once (unsafe: any memory bug becomes code injection) — chosen by name';
  }
}

/** What making freshly written bytes visible to instruction fetch takes on this CPU. */
export function flushExplanation(arch: string = process.arch): string {
  return arch === 'arm64'
    ? 'the written lines were cleaned to the point of unification and the instruction cache invalidated (dc cvau, dsb ish, ic ivau, dsb ish, isb)'
    : 'x86 keeps instruction fetch coherent with stores on this thread, so no cache flush instruction is needed';
}

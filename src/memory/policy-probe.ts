import type { NativePlatform, PolicySupport } from '../native/platform.ts';

const cache = new WeakMap<NativePlatform, PolicySupport>();

/**
 * What the OS allows, probed once per process (a handful of map/protect/unmap calls) and then reused:
 * SELinux `execmem`, PaX MPROTECT or a hardened kernel's `vm.memfd_noexec` can refuse any of them.
 */
export function supportedPolicies(platform: NativePlatform): PolicySupport {
  let support = cache.get(platform);
  if (support === undefined) {
    support = platform.probePolicies();
    cache.set(platform, support);
  }
  return support;
}

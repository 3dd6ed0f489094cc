import { nativePlatform } from '../native/index.ts';
import type { PolicySupport } from '../native/platform.ts';
import { allowedPolicies, resolvePolicy, type ResolvedPolicy } from './policy.ts';
import { supportedPolicies } from './policy-probe.ts';

export interface SystemReport {
  readonly os: string;
  readonly arch: string;
  readonly pageSize: number;
  readonly policies: PolicySupport;
  readonly allowedPolicies: readonly ResolvedPolicy[];
  /** What `auto` picks here, or null when nothing works. */
  readonly autoPolicy: ResolvedPolicy | null;
  /** Linux membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE) is available and registered. */
  readonly membarrierSyncCore: boolean;
  readonly cpuFeatures: readonly string[];
  readonly node: string;
}

/** Everything jitkit learns about the machine before it runs code: the `jitkit probe` report. */
export function describeSystem(): SystemReport {
  const platform = nativePlatform();
  const policies = supportedPolicies(platform);
  let autoPolicy: ResolvedPolicy | null;
  try {
    autoPolicy = resolvePolicy('auto', policies, platform.aliasWritesReachExecution);
  } catch {
    autoPolicy = null;
  }
  return {
    os: platform.os,
    arch: platform.arch,
    pageSize: platform.pageSize,
    policies,
    allowedPolicies: allowedPolicies(policies),
    autoPolicy,
    membarrierSyncCore: platform.canSerializeOtherThreads,
    cpuFeatures: platform.cpuFeatures(),
    node: process.version,
  };
}

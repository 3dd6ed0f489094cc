export { CodeHeap, type CodeHeapOptions, type CodeHeapStats } from './code-heap.ts';
export { CodeBlock } from './code-block.ts';
export { type CodePolicy, type ResolvedPolicy, CODE_POLICIES, isCodePolicy, allowedPolicies } from './policy.ts';
export { supportedPolicies } from './policy-probe.ts';
export { TRAP_PATTERNS } from './trap-pattern.ts';
export { setOsCallListener as onOsCall, type OsCallListener, type OsCallRecord } from '../native/index.ts';
export type { MappingInfo } from '../native/index.ts';
export { hostCpuFeatures } from '../native/index.ts';
export { mappingAt, protectionAt } from './mapping-at.ts';
export { describeSystem, type SystemReport } from './system-report.ts';
export {
  KERNEL_SIGACTION_SIZE, KERNEL_SIGSET_SIZE, SIGACTION_LAYOUT, SIGTRAP, UCONTEXT_LAYOUT, installSignalHandler, raiseSignal, signalAction,
  type SigactionLayout, type SignalAction, type UcontextLayout,
} from '../native/linux-signals.ts';

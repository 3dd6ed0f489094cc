/**
 * jitkit: write machine code at run time, run it, and rewrite it while it runs.
 */
export { JitkitError, isJitkitError, type JitkitErrorCode } from './errors.ts';

// Executable memory
export {
  CodeHeap,
  CodeBlock,
  CODE_POLICIES,
  describeSystem,
  mappingAt,
  protectionAt,
  onOsCall,
  type CodeHeapOptions,
  type CodeHeapStats,
  type CodePolicy,
  type ResolvedPolicy,
  type SystemReport,
  type OsCallRecord,
  type OsCallListener,
  type MappingInfo,
} from './memory/index.ts';

// Calling native code
export {
  compile,
  nativeFunction,
  parseSignature,
  type CompileOptions,
  type LoadedFunction,
  type NativeFunction,
  type FunctionOf,
  type PointerArgument,
  type Signature,
} from './call/index.ts';

// Shared assembler pieces
export { parseHex, formatHex } from './asm/hex.ts';
export { CodeBuffer } from './asm/code-buffer.ts';
export { Label } from './asm/label.ts';

// The classic experiments
export { executeDemo, rewriteDemo, patchDemo, hostPrograms, type DemoReport, type DemoStep } from './demos/index.ts';

// Assemblers, one namespace per instruction set: `import { x64, arm64 } from 'jitkit'`.
export * as x64 from './x64/index.ts';
export * as arm64 from './arm64/index.ts';

// Live modification of running code: slots, hot swap, execute-once, probes, trampolines, callbacks.
export * from './patch/index.ts';

import { executeDemo, type DemoOptions } from './execute.ts';
import { patchDemo } from './patch.ts';
import { rewriteDemo } from './rewrite.ts';
import { slotDemo } from './slot.ts';
import { swapDemo } from './swap.ts';
import { onceDemo } from './once.ts';
import { probeDemo } from './probe.ts';
import { breakpointDemo } from './breakpoint.ts';
import { trampolineDemo } from './trampoline.ts';
import type { DemoReport } from './narrator.ts';

export type { DemoOptions } from './execute.ts';
export type { DemoReport, DemoStep, StepListener } from './narrator.ts';
export { hostPrograms, type HostPrograms } from './host-programs.ts';

export interface DemoEntry {
  readonly name: string;
  readonly summary: string;
  readonly run: (options: DemoOptions) => DemoReport;
  /** The policy the demo uses when none is given. */
  readonly defaultPolicy: string;
}

export const DEMOS: readonly DemoEntry[] = [
  { name: 'execute', summary: 'write six bytes, make them executable, call them, free them', run: executeDemo, defaultPolicy: 'auto' },
  { name: 'rewrite', summary: 'return 42, overwrite the constant through the same pointer, return 1337 (RWX, by name)', run: rewriteDemo, defaultPolicy: 'rwx' },
  { name: 'patch', summary: 'modify code that is already read+execute, with the W^X or dual-mapping ritual', run: patchDemo, defaultPolicy: 'auto' },
  { name: 'slot', summary: 'mark an immediate as a named slot, then rewrite it in the running code (fn.slots.answer = 1337)', run: slotDemo, defaultPolicy: 'auto' },
  { name: 'swap', summary: 'a stable entry address redirected to a new implementation with one atomic store', run: swapDemo, defaultPolicy: 'auto' },
  { name: 'once', summary: 'a lazy initializer whose code rewrites its own entry after the first call (dual or rwx)', run: onceDemo, defaultPolicy: 'dual' },
  { name: 'probe', summary: 'replace an instruction with a jump to a counting stub, read hits and registers, restore', run: probeDemo, defaultPolicy: 'auto' },
  { name: 'breakpoint', summary: 'int3 (x86-64) or brk (arm64) over an instruction, a generated SIGTRAP handler that counts hits and resumes out of line', run: breakpointDemo, defaultPolicy: 'auto' },
  { name: 'trampoline', summary: 'bind a context value as the first argument of a native function or a JS callback', run: trampolineDemo, defaultPolicy: 'auto' },
];

export { executeDemo, patchDemo, rewriteDemo, slotDemo, swapDemo, onceDemo, probeDemo, breakpointDemo, trampolineDemo };

import { executeDemo, type DemoOptions } from './execute.ts';
import { patchDemo } from './patch.ts';
import { rewriteDemo } from './rewrite.ts';
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
];

export { executeDemo, patchDemo, rewriteDemo };

import type { SignalAction, UcontextLayout } from '../memory/index.ts';

/**
 * Layout of one breakpoint record in the native table the generated SIGTRAP handlers scan (8-byte words):
 * the address the trap reports, where to resume, the hit count, then the saved registers.
 */
export const RECORD = { trapPc: 0, resume: 8, hits: 16, registers: 24 } as const;

export interface TrapHandlerPlan {
  /** Native address of the record table, `capacity` records of `stride` bytes. */
  readonly table: bigint;
  readonly capacity: number;
  readonly stride: number;
  readonly layout: UcontextLayout;
  readonly signal: number;
  /** The action this handler replaces, to chain to for traps that are not breakpoints. */
  readonly previous: SignalAction;
  /** 32 zero bytes: a kernel `struct sigaction` meaning SIG_DFL (for re-raising under the default action). */
  readonly defaultAction: bigint;
}

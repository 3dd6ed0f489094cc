import { onOsCall, type OsCallRecord } from '../memory/index.ts';

/** One thing a demo did, in plain words, with the OS calls it took. */
export interface DemoStep {
  readonly title: string;
  readonly detail?: string;
  /** Code bytes involved, as hex. */
  readonly bytes?: string;
  /** A value the step observed (a call's result). */
  readonly value?: string;
  readonly osCalls: readonly OsCallRecord[];
}

export interface DemoReport {
  readonly name: string;
  readonly policy: string;
  readonly arch: string;
  readonly ok: boolean;
  readonly summary: string;
  readonly steps: readonly DemoStep[];
}

export type StepListener = (step: DemoStep) => void;

/**
 * Collects a demo's steps. Every OS call made since the previous step is attached to the next step,
 * because a step is narrated once the action it describes has happened.
 */
export class Narrator {
  readonly steps: DemoStep[] = [];
  private pending: OsCallRecord[] = [];
  private readonly previousListener: ReturnType<typeof onOsCall>;
  private readonly listener: StepListener | undefined;

  constructor(listener?: StepListener) {
    this.listener = listener;
    this.previousListener = onOsCall((record) => {
      this.pending.push(record);
    });
  }

  step(title: string, extra: { detail?: string; bytes?: string; value?: string } = {}): void {
    const step: DemoStep = { title, ...extra, osCalls: this.pending };
    this.pending = [];
    this.steps.push(step);
    this.listener?.(step);
  }

  report(name: string, policy: string, ok: boolean, summary: string): DemoReport {
    return { name, policy, arch: process.arch, ok, summary, steps: this.steps };
  }

  /** Stops listening to OS calls; calls made after the last step are attached to a closing step. */
  finish(): void {
    if (this.pending.length > 0) this.step('cleaned up');
    onOsCall(this.previousListener);
  }
}

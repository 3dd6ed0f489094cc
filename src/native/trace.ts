/**
 * Records every OS call jitkit makes, so `--trace` can show what a policy really costs. Tracing is off
 * unless a listener is installed; the check on the hot path is one null comparison.
 */
export interface OsCallRecord {
  readonly name: string;
  readonly args: readonly unknown[];
  readonly result: unknown;
  /** errno (POSIX) or GetLastError (Windows) when the call reported failure. */
  readonly error?: number;
}

export type OsCallListener = (record: OsCallRecord) => void;

let listener: OsCallListener | null = null;

/** Installs `next` as the listener and returns the previous one (restore it when done). */
export function setOsCallListener(next: OsCallListener | null): OsCallListener | null {
  const previous = listener;
  listener = next;
  return previous;
}

export function traceOsCall(name: string, args: readonly unknown[], result: unknown, error?: number): void {
  if (listener !== null) listener(error === undefined ? { name, args, result } : { name, args, result, error });
}

export function isTracing(): boolean {
  return listener !== null;
}

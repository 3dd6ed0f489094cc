/**
 * Times several operations side by side: rounds interleave them (A B C A B C …) so that a noisy moment on
 * the machine hits all of them alike, and each one's figure is the median of its rounds.
 */
export function compareNsPerOp(
  candidates: ReadonlyArray<{ readonly name: string; readonly op: (iterations: number) => void }>,
  options: { readonly iterations: number; readonly rounds: number },
): Map<string, number> {
  const samples = new Map<string, number[]>(candidates.map((candidate) => [candidate.name, []]));
  for (const candidate of candidates) candidate.op(Math.max(1, Math.floor(options.iterations / 4))); // warm up: let V8 optimize
  for (let round = 0; round < options.rounds; round++) {
    for (const candidate of candidates) {
      const start = process.hrtime.bigint();
      candidate.op(options.iterations);
      const elapsed = Number(process.hrtime.bigint() - start);
      samples.get(candidate.name)!.push(elapsed / options.iterations);
    }
  }
  const medians = new Map<string, number>();
  for (const [name, values] of samples) medians.set(name, median(values));
  return medians;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs `op` once and returns the elapsed milliseconds. */
export function timeMs(op: () => void): number {
  const start = process.hrtime.bigint();
  op();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Keeps results observable so the optimizer cannot drop the measured work. */
export let sink: unknown = undefined;
export function consume(value: unknown): void {
  sink = value;
}

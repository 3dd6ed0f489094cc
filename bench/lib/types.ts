/** One figure a benchmark reports. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

export interface BenchOptions {
  /** A short run for CI: fewer iterations, same measurements. */
  readonly quick: boolean;
}

/** Every `bench/*.ts` file except the runner exports this. */
export type BenchModule = { run(options: BenchOptions): Promise<BenchResult[]> };

import { CodeHeap, compile, type ResolvedPolicy } from '../src/index.ts';
import { hostPrograms } from '../src/demos/index.ts';
import { compareNsPerOp } from './lib/measure.ts';
import type { BenchOptions, BenchResult } from './lib/types.ts';

/**
 * (b) Latency of a 4-byte change to code that is already executable, per policy: `wx` pays two mprotect
 * calls per patch, `dual` writes through its RW view with no system call at all.
 */
export async function run(options: BenchOptions): Promise<BenchResult[]> {
  const programs = hostPrograms();
  const policies: ResolvedPolicy[] = ['wx', 'dual'];
  const heaps = policies.map((policy) => new CodeHeap({ policy }));
  const functions = heaps.map((heap) => compile(programs.return42.code, 'int64 ()', { heap }));
  const patchA = programs.patchReturnValue(1337);
  const patchB = programs.patchReturnValue(42);
  const ns = compareNsPerOp(
    functions.map((fn, index) => ({
      name: policies[index]!,
      op: (iterations: number) => {
        for (let i = 0; i < iterations; i++) {
          const patch = (i & 1) === 0 ? patchA : patchB;
          fn.block.write(patch.offset, patch.bytes);
        }
      },
    })),
    { iterations: options.quick ? 2_000 : 20_000, rounds: options.quick ? 5 : 11 },
  );
  for (const fn of functions) fn.dispose();
  for (const heap of heaps) heap.dispose();
  const wx = ns.get('wx')!;
  const dual = ns.get('dual')!;
  return [
    { name: 'patch 4 bytes of live code: wx (RX->RW->RX + flush)', value: wx, unit: 'ns/patch' },
    { name: 'patch 4 bytes of live code: dual (write via RW view)', value: dual, unit: 'ns/patch' },
    { name: 'patch speed-up dual over wx', value: wx / dual, unit: 'x', note: 'target >= 20' },
  ];
}

import { CodeHeap, type CodeBlock } from '../src/index.ts';
import { sixteenByteFunction } from './lib/programs.ts';
import { timeMs } from './lib/measure.ts';
import type { BenchOptions, BenchResult } from './lib/types.ts';

/** (c) 10,000 functions of 16 bytes each: load time, mapped bytes per code byte, free time. */
export async function run(_options: BenchOptions): Promise<BenchResult[]> {
  const count = 10_000;
  const code = sixteenByteFunction();
  const results: BenchResult[] = [];
  for (const policy of ['dual', 'wx'] as const) {
    // One untimed round first, so the figures are V8's optimized code rather than its first tier.
    const warmup = new CodeHeap({ policy });
    for (let i = 0; i < 1000; i++) warmup.load(code).free();
    warmup.dispose();
    const heap = new CodeHeap({ policy });
    const blocks: CodeBlock[] = new Array(count);
    const loadMs = timeMs(() => {
      for (let i = 0; i < count; i++) blocks[i] = heap.load(code);
    });
    const stats = heap.stats();
    const codeBytes = count * code.length;
    const freeMs = timeMs(() => {
      for (const block of blocks) block.free();
    });
    const after = heap.stats();
    heap.dispose();
    results.push(
      { name: `10k x 16-byte functions (${policy}): allocate+write`, value: (loadMs * 1e6) / count, unit: 'ns/function', note: `${loadMs.toFixed(1)} ms in all` },
      {
        name: `10k x 16-byte functions (${policy}): mapped / code bytes`,
        value: stats.bytesMapped / codeBytes,
        unit: 'x',
        note: `${stats.bytesMapped} bytes mapped for ${codeBytes}; target <= 1.25x + one page (${(codeBytes * 1.25 + heap.pageSize) / codeBytes}x)`,
      },
      { name: `10k x 16-byte functions (${policy}): free`, value: (freeMs * 1e6) / count, unit: 'ns/function', note: `${after.bytesMapped} bytes still mapped after freeing all` },
    );
  }
  return results;
}

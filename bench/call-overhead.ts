import koffi from 'koffi';
import { compile } from '../src/index.ts';
import { hostAddTwoInts } from './lib/programs.ts';
import { compareNsPerOp, consume } from './lib/measure.ts';
import type { BenchOptions, BenchResult } from './lib/types.ts';

/**
 * (a) Call overhead for `int32 (int32, int32)`: a jitkit NativeFunction, a bare koffi.decode of the same
 * code, and a plain JS function, measured side by side.
 */
export async function run(options: BenchOptions): Promise<BenchResult[]> {
  const native = compile(hostAddTwoInts(), 'int32 (int32, int32)');
  const bare = koffi.decode(native.address, koffi.proto('int32_t bench_bare_add(int32_t, int32_t)')) as (a: number, b: number) => number;
  const plain = (a: number, b: number): number => (a + b) | 0;
  const loop = (fn: (a: number, b: number) => number) => (iterations: number) => {
    let total = 0;
    for (let i = 0; i < iterations; i++) total = fn(i, total) | 0;
    consume(total);
  };
  const ns = compareNsPerOp(
    [
      { name: 'jitkit', op: loop(native) },
      { name: 'koffi', op: loop(bare) },
      { name: 'js', op: loop(plain) },
    ],
    { iterations: options.quick ? 100_000 : 1_000_000, rounds: options.quick ? 5 : 15 },
  );
  native.dispose();
  const jitkit = ns.get('jitkit')!;
  const koffiNs = ns.get('koffi')!;
  return [
    { name: 'call int32(int32,int32): jitkit NativeFunction', value: jitkit, unit: 'ns/call' },
    { name: 'call int32(int32,int32): bare koffi.decode', value: koffiNs, unit: 'ns/call' },
    { name: 'call int32(int32,int32): plain JS function', value: ns.get('js')!, unit: 'ns/call' },
    { name: 'call overhead ratio jitkit / koffi', value: jitkit / koffiNs, unit: 'x', note: 'target <= 1.15' },
  ];
}

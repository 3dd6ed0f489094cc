// Execute-once worker: waits for the go signal, then makes the first call(s) at the same moment as the
// other workers, and reports what each call returned.
import { parentPort, workerData } from 'node:worker_threads';
import { nativeFunction } from '../../src/call/index.ts';

const { address, control, index } = workerData as { address: bigint; control: SharedArrayBuffer; index: number };
const flags = new Int32Array(control);
const fn = nativeFunction(address, 'int64 (int64, int64, double)');
Atomics.add(flags, 1, 1); // ready
while (Atomics.load(flags, 0) === 0) {
  // spin rather than Atomics.wait, so every worker leaves this loop within a few instructions of the others
}
const results: string[] = [];
for (let i = 0; i < 10; i++) results.push(String(fn(BigInt(index * 10 + 1), 2n, 3.9)));
parentPort!.postMessage({ results });

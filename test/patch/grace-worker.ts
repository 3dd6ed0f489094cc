// Worker for the grace-period test: calls the swappable entry once (it spins inside the old version until
// the main thread releases it) and reports the result.
import { parentPort, workerData } from 'node:worker_threads';
import { nativeFunction } from '../../src/call/index.ts';

const { entry, flag } = workerData as { entry: bigint; flag: SharedArrayBuffer };
const call = nativeFunction(entry, 'int64 (int64 *)');
parentPort!.postMessage({ entered: true });
const result = call(new BigInt64Array(flag));
parentPort!.postMessage({ result: String(result) });

// Stress-test worker: calls the swappable entry and the slotted function through its own NativeFunctions
// in a tight loop until told to stop, and reports any value that was never valid.
import { parentPort, workerData } from 'node:worker_threads';
import { nativeFunction } from '../../src/call/index.ts';

const { entry, slotted, control, swapValues, slotLow, slotHigh, slotInitial } = workerData as {
  entry: bigint; slotted: bigint; control: SharedArrayBuffer; swapValues: number[]; slotLow: number; slotHigh: number; slotInitial: number;
};
const flags = new Int32Array(control);
const swapped = nativeFunction(entry, 'int32 ()');
const slot = nativeFunction(slotted, 'int32 ()');
const valid = new Set(swapValues);
let calls = 0;
const invalid: number[] = [];
const seenSwap = new Set<number>();
const seenSlot = new Set<number>();
Atomics.add(flags, 1, 1); // ready
while (Atomics.load(flags, 0) === 0) {
  for (let i = 0; i < 256; i++) {
    const a = swapped();
    const b = slot();
    seenSwap.add(a);
    seenSlot.add(b);
    if (!valid.has(a)) invalid.push(a);
    if (!(b === slotInitial || (b >= slotLow && b < slotHigh))) invalid.push(b);
  }
  calls += 512;
}
parentPort!.postMessage({ calls, invalid: invalid.slice(0, 20), invalidCount: invalid.length, distinctSwap: seenSwap.size, distinctSlot: seenSlot.size });

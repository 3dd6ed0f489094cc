import { Worker } from 'node:worker_threads';

/**
 * Calls the native `int64 f(int64)` at `entry` `calls` times from each of `threads` worker threads, each
 * through its own koffi binding, and returns per worker how many results were not `i + 1`. Patching tests
 * use it to show that code rewritten under other threads keeps returning the right values.
 */
export async function incrementCallsFromWorkers(entry: bigint, calls: number, threads = 2): Promise<number[]> {
  const source = `
    const { workerData, parentPort } = require('node:worker_threads');
    import(workerData.koffi).then(({ default: koffi }) => {
      koffi.load('libc.so.6');
      const f = koffi.decode(workerData.entry, koffi.proto('int64_t patched_target(int64_t)'));
      let wrong = 0;
      for (let i = 0; i < workerData.calls; i++) if (Number(f(i)) !== i + 1) wrong++;
      parentPort.postMessage(wrong);
    });`;
  const workers = Array.from({ length: threads }, () => new Worker(source, { eval: true, workerData: { koffi: import.meta.resolve('koffi'), entry, calls } }));
  try {
    return await Promise.all(workers.map((worker) => new Promise<number>((resolve, reject) => {
      worker.on('message', resolve);
      worker.on('error', reject);
    })));
  } finally {
    for (const worker of workers) await worker.terminate();
  }
}

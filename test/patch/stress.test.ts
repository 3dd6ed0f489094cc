// Cross-thread safety: 2 workers call a swappable entry and a slotted function in tight loops while the
// main thread performs 100,000 swaps and slot writes on a dual heap shared with threads. Zero crashes,
// and every value a worker observes was valid at some moment.
//
// x86-64: the entry is a `jmp rel32` word and the slot an instruction's imm32, each changed with one
// aligned 8-byte store. arm64 (the qemu-user lane): the entry is `ldr x16, <literal>; br x16` and the slot a
// literal-pool value, both changed with one aligned 8-byte *data* store — which qemu-user does see through
// the dual alias (it reads literals from memory at run time), so the lane really exercises the race.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/call/index.ts';
import { CodeHeap } from '../../src/memory/index.ts';
import { compileWithSlots } from '../../src/patch/slots.ts';
import { swappable } from '../../src/patch/swappable.ts';
import { tsWorker } from './ts-worker.ts';
import { cannotRunCode } from '../support/host.ts';
import { hostAssemble, llvmMissing } from '../support/llvm-assemble.ts';

const skip = cannotRunCode || llvmMissing;
const CHANGES = Number(process.env['JITKIT_STRESS_CHANGES'] ?? 100_000);
const WORKERS = 2;

test(`${CHANGES} swaps + slot writes while ${WORKERS} workers call`, { skip, timeout: 300_000 }, async () => {
  const heap = new CodeHeap({ policy: 'dual', sharedWithThreads: true });
  const swapValues = [1, 2, 3, 4];
  const impls = swapValues.map((v) => compile(hostAssemble({ x64: `mov eax, ${v}\nret`, arm64: `mov w0, #${v}\nret` }), 'int32 ()', { heap }));
  const entry = swappable('int32 ()', impls[0]!, { heap });
  const slotted = compileWithSlots(
    hostAssemble({ x64: 'mov eax, 42\nret', arm64: 'ldr x0, 1f\nret\n.p2align 3\n1: .quad 42' }),
    'int32 ()',
    { answer: { at: 0 } },
    { heap },
  );
  assert.equal(slotted.slotFields['answer']!.kind, process.arch === 'arm64' ? 'literal' : 'immediate');
  const control = new SharedArrayBuffer(8);
  const flags = new Int32Array(control);
  const workers = Array.from({ length: WORKERS }, () =>
    tsWorker(new URL('./stress-worker.ts', import.meta.url), {
      workerData: { entry: entry.entry, slotted: slotted.address, control, swapValues, slotLow: 1000, slotHigh: 2000, slotInitial: 42 },
    }));
  const results = workers.map(
    (worker) =>
      new Promise<{ calls: number; invalid: number[]; invalidCount: number; distinctSwap: number; distinctSlot: number }>((resolve, reject) => {
        worker.on('message', resolve);
        worker.on('error', reject);
        worker.on('exit', (code) => reject(new Error(`worker exited with ${code} before reporting`)));
      }),
  );
  try {
    const deadline = Date.now() + 60_000;
    while (Atomics.load(flags, 1) < WORKERS) {
      if (Date.now() > deadline) throw new Error('workers did not start');
      await new Promise((r) => setTimeout(r, 10));
    }
    const started = performance.now();
    for (let i = 0; i < CHANGES / 2; i++) {
      entry.swap(impls[(i + 1) % impls.length]!);
      slotted.slots.answer = 1000 + (i % 1000);
    }
    const elapsed = performance.now() - started;
    Atomics.store(flags, 0, 1);
    const reports = await Promise.all(results);
    const calls = reports.reduce((sum, r) => sum + r.calls, 0);
    const invalid = reports.flatMap((r) => r.invalid);
    console.log(`# stress (${process.arch}${process.env['JITKIT_EMULATOR'] ? `, ${process.env['JITKIT_EMULATOR']}` : ''}): ${CHANGES} changes in ${elapsed.toFixed(0)} ms (${((elapsed * 1e6) / CHANGES).toFixed(0)} ns each); workers made ${calls} calls; invalid values: ${reports.reduce((s, r) => s + r.invalidCount, 0)}; distinct per worker: ${reports.map((r) => `${r.distinctSwap} swap/${r.distinctSlot} slot`).join(', ')}`);
    assert.deepEqual(invalid, []);
    assert.ok(calls > 0);
    for (const report of reports) {
      // Each worker really ran concurrently with the changes: it saw several versions of each.
      assert.ok(report.distinctSwap >= 2, `a worker saw ${report.distinctSwap} swap version(s)`);
      assert.ok(report.distinctSlot >= 2, `a worker saw ${report.distinctSlot} slot value(s)`);
    }
    assert.equal(entry.generation, CHANGES / 2);
  } finally {
    Atomics.store(flags, 0, 1);
    await Promise.allSettled(results);
    for (const worker of workers) await worker.terminate();
    heap.dispose();
  }
});

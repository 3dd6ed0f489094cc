import { Worker } from 'node:worker_threads';
import { CodeHeap, compile } from '../src/index.ts';
import { breakpoint, compileWithSlots, probe, swappable } from '../src/patch/index.ts';
import { decodeX64 } from '../src/patch/x64-decode.ts';
import { compareNsPerOp, median } from './lib/measure.ts';
import type { BenchOptions, BenchResult } from './lib/types.ts';

/** `mov eax, imm32; ret` */
function returnConstant(value: number): Uint8Array {
  return Uint8Array.from([0xb8, value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff, 0xc3]);
}

/**
 * int64 loop(int64 n): n iterations of `add rax, imm32` (the probed instruction), then ret.
 *   xor eax,eax; mov rcx,rdi; L: add rax,0x12345678; dec rcx; jnz L; ret
 */
const LOOP = Uint8Array.from([0x31, 0xc0, 0x48, 0x89, 0xf9, 0x48, 0x05, 0x78, 0x56, 0x34, 0x12, 0x48, 0xff, 0xc9, 0x75, 0xf5, 0xc3]);
const LOOP_BODY = 5;

/**
 * Live modification costs: slot write and swap latency under dual vs wx (and dual with the cross-thread
 * membarrier), probe overhead per hit, and swaps per second while two workers call the entry.
 */
export async function run(options: BenchOptions): Promise<BenchResult[]> {
  if (process.arch === 'arm64') return runArm64(options);
  if (process.arch !== 'x64') return [{ name: 'live patching benchmarks', value: 0, unit: 'skipped', note: `no programs for ${process.arch}` }];
  const text = decodeX64(LOOP).map((i) => i.text).join('; ');
  if (!text.startsWith('xor eax,eax; mov rcx,rdi; add rax,12345678h; dec rcx; jne')) throw new Error(`benchmark loop decodes as ${text}`);
  const results: BenchResult[] = [];
  const iterations = options.quick ? 2_000 : 20_000;
  const rounds = options.quick ? 5 : 9;

  const heaps = { wx: new CodeHeap({ policy: 'wx' }), dual: new CodeHeap({ policy: 'dual' }), 'dual+threads': new CodeHeap({ policy: 'dual', sharedWithThreads: true }) };
  try {
    const slotNs = compareNsPerOp(
      Object.entries(heaps).map(([name, heap]) => {
        const fn = compileWithSlots(returnConstant(42), 'int32 ()', { answer: { at: 0 } }, { heap });
        return { name, op: (n: number) => { for (let i = 0; i < n; i++) fn.slots.answer = i & 0xffff; } };
      }),
      { iterations, rounds },
    );
    const swapNs = compareNsPerOp(
      Object.entries(heaps).map(([name, heap]) => {
        const a = compile(returnConstant(1), 'int32 ()', { heap });
        const b = compile(returnConstant(2), 'int32 ()', { heap });
        const s = swappable('int32 ()', a, { heap });
        return { name, op: (n: number) => { for (let i = 0; i < n; i++) { s.swap((i & 1) === 0 ? b : a); if ((i & 1023) === 0) s.releaseRetired(); } } };
      }),
      { iterations, rounds },
    );
    for (const name of Object.keys(heaps)) {
      results.push({ name: `slot write: ${name}`, value: slotNs.get(name)!, unit: 'ns/write' });
      results.push({ name: `swap: ${name}`, value: swapNs.get(name)!, unit: 'ns/swap', note: name === 'dual' ? 'target < 1000' : undefined });
    }
    results.push({ name: 'swap speed-up dual over wx', value: swapNs.get('wx')! / swapNs.get('dual')!, unit: 'x' });

    // Probe overhead: the same loop with and without a counting probe on its body instruction.
    const n = options.quick ? 20_000 : 200_000;
    const plain = compile(LOOP, 'int64 (int64)', { heap: heaps.dual });
    const probed = compile(LOOP, 'int64 (int64)', { heap: heaps.dual });
    const p = probe(probed, LOOP_BODY);
    const callNs = compareNsPerOp(
      [
        { name: 'plain', op: (k: number) => { for (let i = 0; i < k; i++) plain(n); } },
        { name: 'probed', op: (k: number) => { for (let i = 0; i < k; i++) probed(n); } },
      ],
      { iterations: 10, rounds },
    );
    const perHit = (callNs.get('probed')! - callNs.get('plain')!) / n;
    results.push({ name: 'probe hit, counting only (added per hit)', value: perHit, unit: 'ns/hit', note: `target < 20; ${p.hits} hits counted` });
    p.remove();
    p.releaseStub();

    // Breakpoint cost: the same loop with int3 on its body; every hit is a trap, a signal frame, jitkit's
    // generated handler and rt_sigreturn.
    const trapN = options.quick ? 200 : 2_000;
    const trapped = compile(LOOP, 'int64 (int64)', { heap: heaps.dual });
    const bp = breakpoint(trapped, LOOP_BODY);
    const trapNs = compareNsPerOp(
      [
        { name: 'plain', op: (k: number) => { for (let i = 0; i < k; i++) plain(trapN); } },
        { name: 'breakpoint', op: (k: number) => { for (let i = 0; i < k; i++) trapped(trapN); } },
      ],
      { iterations: 5, rounds },
    );
    results.push({ name: 'breakpoint hit (added per hit)', value: (trapNs.get('breakpoint')! - trapNs.get('plain')!) / trapN, unit: 'ns/hit', note: `SIGTRAP round trip; ${bp.hits} hits counted` });
    bp.remove();
    bp.release();

    // Swap under contention: two workers call the entry through their own koffi functions.
    results.push(await swapsUnderContention(heaps['dual+threads'], options.quick ? 300 : 1000));
  } finally {
    for (const heap of Object.values(heaps)) heap.dispose();
  }
  return results;
}

/**
 * int64 loop(int64 n) on AArch64: n iterations of `add x0, x0, #1000` (the probed / trapped instruction).
 *   mov x1, x0; mov x0, #0; L: add x0, x0, #1000; subs x1, x1, #1; b.ne L; ret
 */
const A64_LOOP = Uint8Array.from([0xe1, 0x03, 0x00, 0xaa, 0x00, 0x00, 0x80, 0xd2, 0x00, 0xa0, 0x0f, 0x91, 0x21, 0x04, 0x00, 0xf1, 0xc1, 0xff, 0xff, 0x54, 0xc0, 0x03, 0x5f, 0xd6]);
const A64_LOOP_BODY = 8;

/**
 * The AArch64 probe and breakpoint costs per hit. Under qemu-user (JITKIT_EMULATOR) every figure is emulated
 * — translated code, and signals delivered by the emulator rather than the kernel — so it says nothing about
 * hardware and is labelled as such. The heap is `wx` there (qemu does not see writes through the dual alias).
 */
async function runArm64(options: BenchOptions): Promise<BenchResult[]> {
  const emulated = process.env['JITKIT_EMULATOR'] !== undefined ? ` (emulated: ${process.env['JITKIT_EMULATOR']}, not hardware)` : '';
  const heap = new CodeHeap({ policy: emulated === '' ? 'dual' : 'wx' });
  const results: BenchResult[] = [];
  const rounds = options.quick ? 3 : 7;
  try {
    const plain = compile(A64_LOOP, 'int64 (int64)', { heap });
    if (plain(3n) !== 3000n) throw new Error('the arm64 benchmark loop does not compute n * 1000');
    const n = options.quick ? 20_000 : 200_000;
    const probed = compile(A64_LOOP, 'int64 (int64)', { heap });
    const p = probe(probed, A64_LOOP_BODY);
    const callNs = compareNsPerOp(
      [
        { name: 'plain', op: (k: number) => { for (let i = 0; i < k; i++) plain(n); } },
        { name: 'probed', op: (k: number) => { for (let i = 0; i < k; i++) probed(n); } },
      ],
      { iterations: 5, rounds },
    );
    results.push({ name: `arm64 probe hit, counting only (added per hit)${emulated}`, value: (callNs.get('probed')! - callNs.get('plain')!) / n, unit: 'ns/hit', note: `${p.hits} hits counted` });
    p.remove();
    p.releaseStub();

    const trapN = options.quick ? 100 : 1_000;
    const trapped = compile(A64_LOOP, 'int64 (int64)', { heap });
    const bp = breakpoint(trapped, A64_LOOP_BODY);
    const trapNs = compareNsPerOp(
      [
        { name: 'plain', op: (k: number) => { for (let i = 0; i < k; i++) plain(trapN); } },
        { name: 'breakpoint', op: (k: number) => { for (let i = 0; i < k; i++) trapped(trapN); } },
      ],
      { iterations: 3, rounds },
    );
    results.push({ name: `arm64 breakpoint hit (added per hit)${emulated}`, value: (trapNs.get('breakpoint')! - trapNs.get('plain')!) / trapN, unit: 'ns/hit', note: `brk, SIGTRAP, generated handler, rt_sigreturn; ${bp.hits} hits counted` });
    bp.remove();
    bp.release();
  } finally {
    heap.dispose();
  }
  return results;
}

async function swapsUnderContention(heap: CodeHeap, durationMs: number): Promise<BenchResult> {
  const a = compile(returnConstant(1), 'int32 ()', { heap });
  const b = compile(returnConstant(2), 'int32 ()', { heap });
  const s = swappable('int32 ()', a, { heap });
  const control = new Int32Array(new SharedArrayBuffer(8));
  // Plain-JS workers (no TypeScript loader needed); koffi.load first: koffi 3 needs a per-thread setup
  // before the first call through a decoded pointer.
  const source = `
    const { workerData, parentPort } = require('node:worker_threads');
    import(workerData.koffi).then(({ default: koffi }) => {
      koffi.load('libc.so.6');
      const f = koffi.decode(workerData.entry, koffi.proto('int bench_entry(void)'));
      const flags = new Int32Array(workerData.control);
      let calls = 0;
      Atomics.add(flags, 1, 1);
      while (Atomics.load(flags, 0) === 0) { for (let i = 0; i < 256; i++) f(); calls += 256; }
      parentPort.postMessage(calls);
    });`;
  const workers = [0, 1].map(() => new Worker(source, { eval: true, workerData: { koffi: import.meta.resolve('koffi'), entry: s.entry, control: control.buffer } }));
  const done = workers.map((w) => new Promise<number>((resolve, reject) => { w.on('message', resolve); w.on('error', reject); }));
  while (Atomics.load(control, 1) < 2) await new Promise((r) => setTimeout(r, 5));
  let swaps = 0;
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    for (let i = 0; i < 100; i++) s.swap((swaps++ & 1) === 0 ? b : a);
    s.releaseRetired();
  }
  const elapsed = performance.now() - start;
  Atomics.store(control, 0, 1);
  const calls = (await Promise.all(done)).reduce((x, y) => x + y, 0);
  for (const w of workers) await w.terminate();
  return { name: 'swaps/s while 2 workers call (dual + membarrier)', value: (swaps / elapsed) * 1000, unit: 'swaps/s', note: `${calls} worker calls meanwhile; median-free single run` };
}

export { median };

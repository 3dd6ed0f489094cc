import { formatHex } from '../asm/hex.ts';
import { compile } from '../call/index.ts';
import { CodeHeap } from '../memory/index.ts';
import { once } from '../patch/index.ts';
import type { DemoOptions } from './execute.ts';
import { codeListing } from './code-listing.ts';
import { liveProgram } from './live-programs.ts';
import { Narrator, type DemoReport } from './narrator.ts';
import { policyExplanation } from './policy-words.ts';

const COUNTER = 64; // where the body's run counter sits in its own block, past its few instructions
const LITERAL = 24; // arm64: where the body's literal (the counter's writable address) sits, 8-byte aligned
/** The entry's first instruction: x86-64 `jmp rel32` (5 bytes), A64 `b` (4 bytes). */
const ENTRY_BYTES = process.arch === 'arm64' ? 4 : 5;
const FIRST_CALL_PATH =
  process.arch === 'arm64'
    ? 'ldaxr/stxr claim of a state word, call the body, store-release the new entry word, dc cvau / ic ivau / dsb / isb'
    : 'lock cmpxchg on a state word, call the body, rewrite the entry';
const ENTRY_STORE = process.arch === 'arm64' ? "one aligned 4-byte stlr (a 'b' replacing a 'b', Arm ARM B2.2.5) followed by the cache ritual" : 'one aligned 8-byte mov';

/**
 * Execute-once as a lazy initializer: the first call runs the body (which counts its runs in memory the
 * demo reads back) and then the code rewrites its own entry into `jmp then` (A64: `b then`), so later calls
 * skip the body.
 */
export function onceDemo(options: DemoOptions = {}): DemoReport {
  const narrator = new Narrator(options.onStep);
  const heap = new CodeHeap({ policy: options.policy ?? 'dual' });
  try {
    narrator.step(`chose policy '${heap.policy}'`, { detail: policyExplanation(heap.policy) });
    // The body counts its runs in a word of its own block, written through the block's writable address
    // (the RW alias under dual, the same page under rwx) — memory the demo can read back. On arm64 the
    // body loads that address from a literal at +LITERAL (A64 has no 64-bit immediate move in one word).
    const bodyBlock = heap.allocate(COUNTER + 8, 16);
    const counterAddress = bodyBlock.writableAddress + BigInt(COUNTER);
    const body = liveProgram({
      x64: `mov rax, 0x${counterAddress.toString(16)}; lock inc qword ptr [rax]; ret`,
      arm64: `ldr x16, #${LITERAL}; ldr x17, [x16]; add x17, x17, #1; str x17, [x16]; ret`,
    });
    bodyBlock.write(0, body.code);
    if (process.arch === 'arm64') {
      const literal = new Uint8Array(8);
      new DataView(literal.buffer).setBigUint64(0, counterAddress, true);
      bodyBlock.write(LITERAL, literal);
    }
    bodyBlock.write(COUNTER, new Uint8Array(8));
    const runs = () => new DataView(bodyBlock.read(COUNTER, 8).buffer).getBigUint64(0, true);
    const then = liveProgram({ x64: 'mov eax, 42; ret', arm64: 'mov w0, #42; ret' });
    const thenFn = compile(then.code, 'int32 ()', { heap });
    const fn = once('int32 ()', bodyBlock, thenFn, { heap });
    const entryBefore = fn.block.read(0, 8);
    narrator.step(`built an execute-once block: body '${body.listing}', then '${then.listing}'`, {
      bytes: formatHex(entryBefore),
      detail: `entry: ${codeListing(entryBefore.subarray(0, ENTRY_BYTES), fn.address)} (the first-call path: ${FIRST_CALL_PATH})`,
    });
    const first = fn();
    const entryAfter = fn.block.read(0, 8);
    narrator.step('called it once', {
      bytes: formatHex(entryAfter),
      value: `${first} (body runs: ${runs()})`,
      detail: `the code rewrote its own entry with ${ENTRY_STORE} through 0x${fn.block.writableAddress.toString(16)}: ${codeListing(entryAfter.subarray(0, ENTRY_BYTES), fn.address)}`,
    });
    let last = first;
    for (let i = 0; i < 1000; i++) last = fn();
    narrator.step('called it 1000 more times', { value: `${last} (body runs: ${runs()})` });
    const cost = (call: () => number) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 20_000; i++) call();
      return Number(process.hrtime.bigint() - start) / 20_000;
    };
    cost(fn);
    const onceNs = cost(fn);
    const plainNs = cost(thenFn);
    narrator.step('timed a later call against calling the target directly', { detail: `${onceNs.toFixed(0)} ns vs ${plainNs.toFixed(0)} ns per call from JS (the difference is one direct jump)` });
    // The entry now holds a direct jump: x86-64 E9 (jmp rel32); A64 a `b` (bits 31-26 = 000101).
    const rewritten =
      process.arch === 'arm64'
        ? new DataView(entryAfter.buffer, entryAfter.byteOffset, 4).getUint32(0, true) >>> 26 === 0b000101 && !sameBytes(entryAfter, entryBefore)
        : entryAfter[0] === 0xe9;
    const ok = first === 42 && last === 42 && runs() === 1n && rewritten && fn.fired;
    const total = runs();
    fn.dispose();
    thenFn.dispose();
    bodyBlock.free();
    return narrator.report('once', heap.policy, ok, ok ? 'the body ran exactly once in 1001 calls; the entry now jumps straight to the target' : `expected 42 and one body run; got ${first}, ${last}, ${total} runs`);
  } finally {
    heap.dispose();
    narrator.finish();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

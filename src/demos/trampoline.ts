import { formatHex } from '../asm/hex.ts';
import { compile } from '../call/index.ts';
import { CodeHeap } from '../memory/index.ts';
import { bindAs, callback } from '../patch/index.ts';
import type { DemoOptions } from './execute.ts';
import { codeListing } from './code-listing.ts';
import { liveProgram } from './live-programs.ts';
import { Narrator, type DemoReport } from './narrator.ts';
import { policyExplanation } from './policy-words.ts';

/**
 * Trampolines: `bind` makes a new function pointer that calls a target with a context value inserted as
 * its first argument — for a native target, and for a JS function reached through `callback`, which is
 * how a C API without a user-data parameter can still call per-instance JS state.
 */
export function trampolineDemo(options: DemoOptions = {}): DemoReport {
  const narrator = new Narrator(options.onStep);
  const heap = new CodeHeap({ policy: options.policy ?? 'auto' });
  try {
    narrator.step(`chose policy '${heap.policy}'`, { detail: policyExplanation(heap.policy) });
    const add = liveProgram({ x64: 'lea rax, [rdi + rsi]; ret', arm64: 'add x0, x0, x1; ret' });
    const target = compile(add.code, 'int64 (int64, int64)', { heap });
    narrator.step(`compiled int64 add(int64 context, int64 x): ${add.listing}`);
    const bound = bindAs('int64 (int64)', target, 1000n, { heap });
    const trampoline = bound.block.read();
    narrator.step(`bound context 1000 into a trampoline at 0x${bound.address.toString(16)}`, {
      bytes: formatHex(trampoline),
      detail: `${codeListing(trampoline, bound.address)} — the arguments shift up one register, the context goes first, and the jump is a tail call so the target returns straight to the caller`,
    });
    const native = bound(5n);
    narrator.step('called the trampoline with 5', { value: String(native) });
    // koffi hands 64-bit integers to JS as numbers when they fit in a double, as bigints otherwise.
    const seen: Array<[bigint, bigint]> = [];
    const js = callback((context: number | bigint, x: number | bigint) => {
      seen.push([BigInt(context), BigInt(x)]);
      return BigInt(context) * BigInt(x);
    }, 'int64 (int64, int64)');
    const boundJs = bindAs('int64 (int64)', js, 7n, { heap });
    const fromJs = boundJs(6n);
    narrator.step(`bound context 7 to a JS callback (native pointer 0x${js.address.toString(16)}) and called the trampoline with 6`, {
      value: String(fromJs),
      detail: `the JS function received (context ${seen[0]?.[0]}, x ${seen[0]?.[1]}) through koffi's callback thunk`,
    });
    boundJs.dispose();
    js.dispose();
    bound.dispose();
    target.dispose();
    const ok = native === 1005n && fromJs === 42n && seen.length === 1 && seen[0]![0] === 7n;
    return narrator.report('trampoline', heap.policy, ok, ok ? 'the trampolines passed their contexts: 1000 + 5 = 1005 natively, 7 * 6 = 42 in JS' : `expected 1005 and 42, got ${native} and ${fromJs}`);
  } finally {
    heap.dispose();
    narrator.finish();
  }
}

import { formatHex } from '../asm/hex.ts';
import { compile } from '../call/index.ts';
import { CodeHeap } from '../memory/index.ts';
import { bindAs, callback } from '../patch/index.ts';
import type { DemoOptions } from './execute.ts';
import { codeListing } from './code-listing.ts';
import { liveProgram } from './live-programs.ts';
import { Narrator, type DemoReport } from './narrator.ts';
import { policyExplanation } from './policy-words.ts';

const NINE = 'int64, int64, int64, int64, int64, int64, int64, int64, int64';

/** int64 sum10(int64 context, int64 a1, ..., int64 a9): the last four (x64) / two (arm64) arrive on the stack. */
const WIDE = {
  x64: 'lea rax, [rdi + rsi]; add rax, rdx; add rax, rcx; add rax, r8; add rax, r9; add rax, qword ptr [rsp + 8]; add rax, qword ptr [rsp + 16]; add rax, qword ptr [rsp + 24]; add rax, qword ptr [rsp + 32]; ret',
  arm64: 'add x0, x0, x1; add x0, x0, x2; add x0, x0, x3; add x0, x0, x4; add x0, x0, x5; add x0, x0, x6; add x0, x0, x7; ldr x9, [sp]; add x0, x0, x9; ldr x9, [sp, #8]; add x0, x0, x9; ret',
};

/**
 * Trampolines: `bind` makes a new function pointer that calls a target with a context value inserted as
 * its first argument — for a native target, and for a JS function reached through `callback`, which is
 * how a C API without a user-data parameter can still call per-instance JS state; and for a target with more
 * arguments than the registers hold, where the trampoline rebuilds the stack arguments.
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
    // Nine arguments after the context: more integers than the argument registers hold, so the trampoline
    // moves the last register argument onto the stack and calls the target from a frame of its own.
    const wide = liveProgram(WIDE);
    const wideTarget = compile(wide.code, `int64 (int64, ${NINE})`, { heap });
    const wideBound = bindAs(`int64 (${NINE})`, wideTarget, 1000n, { heap });
    const wideCode = wideBound.block.read();
    const sum = wideBound(1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n);
    narrator.step(`bound context 1000 to int64 sum10(int64 context, a1..a9) and called it with 1..9`, {
      value: String(sum),
      detail: `${wide.listing} — the trampoline at 0x${wideBound.address.toString(16)}: ${codeListing(wideCode, wideBound.address).split('; ').slice(0, 8).join('; ')} … builds a new outgoing stack area (the caller's last register argument becomes the first stack argument), calls, and returns`,
    });
    wideBound.dispose();
    wideTarget.dispose();
    boundJs.dispose();
    js.dispose();
    bound.dispose();
    target.dispose();
    const ok = native === 1005n && fromJs === 42n && seen.length === 1 && seen[0]![0] === 7n && sum === 1045n;
    return narrator.report('trampoline', heap.policy, ok, ok ? 'the trampolines passed their contexts: 1000 + 5 = 1005 natively, 7 * 6 = 42 in JS, 1000 + 1 + … + 9 = 1045 with stack arguments' : `expected 1005, 42 and 1045, got ${native}, ${fromJs} and ${sum}`);
  } finally {
    heap.dispose();
    narrator.finish();
  }
}

import { nativeFunction } from '../call/native-function.ts';
import { formatHex } from '../asm/hex.ts';
import { CodeHeap, protectionAt } from '../memory/index.ts';
import type { DemoOptions } from './execute.ts';
import { hostPrograms } from './host-programs.ts';
import { Narrator, type DemoReport } from './narrator.ts';
import { flushExplanation, policyExplanation } from './policy-words.ts';

/**
 * Modifying code that is already read+execute, the way the classic Win32 recipe does with VirtualProtect
 * and FlushInstructionCache: under `wx` the page goes RX → RW → RX around the write; under `dual` the
 * write goes through the RW view and the RX page never changes.
 */
export function patchDemo(options: DemoOptions = {}): DemoReport {
  const narrator = new Narrator(options.onStep);
  const programs = hostPrograms();
  const heap = new CodeHeap({ policy: options.policy ?? 'auto' });
  try {
    narrator.step(`chose policy '${heap.policy}'`, { detail: policyExplanation(heap.policy) });
    const block = heap.load(programs.return42.code);
    const fn = nativeFunction(block.address, 'int64 ()');
    const before = fn();
    narrator.step(`loaded ${programs.return42.listing} and called it`, {
      bytes: formatHex(block.read()),
      value: String(before),
      detail: `the code page is ${protectionAt(block.address)}`,
    });
    const patch = programs.patchReturnValue(1337);
    block.write(patch.offset, patch.bytes);
    const how =
      heap.policy === 'wx'
        ? 'made the page writable (not executable), wrote, made it read+execute again'
        : heap.policy === 'dual'
          ? `wrote through the RW view at 0x${block.writableAddress.toString(16)}; the RX page was never touched`
          : 'wrote in place on the RWX page';
    narrator.step(`patched the running code to ${patch.listing}`, { bytes: formatHex(block.read()), detail: `${how}; ${flushExplanation()}` });
    const after = fn();
    narrator.step('called it again', { value: String(after), detail: `the code page is ${protectionAt(block.address)}` });
    fn.dispose();
    block.free();
    const ok = before === 42n && after === 1337n;
    return narrator.report('patch', heap.policy, ok, ok ? `read+execute code changed from 42 to 1337 under '${heap.policy}'` : `expected 42 then 1337, got ${before} then ${after}`);
  } finally {
    heap.dispose();
    narrator.finish();
  }
}

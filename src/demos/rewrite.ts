import { JitkitError } from '../errors.ts';
import { nativeFunction } from '../call/native-function.ts';
import { formatHex } from '../asm/hex.ts';
import { CodeHeap, protectionAt } from '../memory/index.ts';
import type { DemoOptions } from './execute.ts';
import { hostPrograms } from './host-programs.ts';
import { Narrator, type DemoReport } from './narrator.ts';
import { flushExplanation, policyExplanation } from './policy-words.ts';

/**
 * The RWX experiment: code that returns 42 is rewritten to return 1337 through the very pointer it runs
 * at, and the same function object sees the change. Only possible when a page is writable and executable
 * at once, so this demo asks for `rwx` by name (and says so); any other policy is refused.
 */
export function rewriteDemo(options: DemoOptions = {}): DemoReport {
  const requested = options.policy ?? 'rwx';
  if (requested !== 'rwx') {
    throw new JitkitError(
      'E_POLICY_DENIED',
      `the rewrite experiment writes code through the pointer it runs, which needs a page that is writable and executable at once: ` +
        `run it with --policy rwx (unsafe, which is the lesson), or see 'jitkit demo patch --policy ${requested}' for the safe way to change running code`,
      { requested },
    );
  }
  const narrator = new Narrator(options.onStep);
  const programs = hostPrograms();
  const heap = new CodeHeap({ policy: 'rwx' });
  try {
    narrator.step(`chose policy '${heap.policy}'`, { detail: policyExplanation(heap.policy) });
    const block = heap.load(programs.return42.code);
    narrator.step(`wrote ${programs.return42.listing} at 0x${block.address.toString(16)}`, {
      bytes: formatHex(block.read()),
      detail: `the page is ${protectionAt(block.address)}; jitkit writes at 0x${block.writableAddress.toString(16)}` +
        (block.writableAddress === block.address ? ' — the same pointer the CPU runs' : ' — a different address'),
    });
    const fn = nativeFunction(block.address, 'int64 ()');
    const before = fn();
    narrator.step('called it', { value: String(before) });
    const patch = programs.patchReturnValue(1337);
    block.write(patch.offset, patch.bytes);
    narrator.step(`overwrote the constant in place: ${patch.listing}`, {
      bytes: formatHex(block.read()),
      detail: `${patch.bytes.length} bytes at offset ${patch.offset}; ${flushExplanation()}`,
    });
    const after = fn();
    narrator.step('called the same function object again', { value: String(after) });
    fn.dispose();
    block.free();
    const ok = before === 42n && after === 1337n;
    return narrator.report('rewrite', heap.policy, ok, ok ? 'the same pointer returned 42, then 1337' : `expected 42 then 1337, got ${before} then ${after}`);
  } finally {
    heap.dispose();
    narrator.finish();
  }
}

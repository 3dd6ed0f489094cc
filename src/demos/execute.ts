import { nativeFunction } from '../call/native-function.ts';
import { formatHex } from '../asm/hex.ts';
import { CodeHeap, protectionAt, type CodePolicy } from '../memory/index.ts';
import { hostPrograms } from './host-programs.ts';
import { Narrator, type DemoReport, type StepListener } from './narrator.ts';
import { flushExplanation, policyExplanation } from './policy-words.ts';

export interface DemoOptions {
  readonly policy?: CodePolicy;
  readonly onStep?: StepListener;
}

/**
 * The first experiment: bytes become a function. Allocate memory, write `mov eax, 0x12345678; ret`,
 * make it executable, flush, call it, free it.
 */
export function executeDemo(options: DemoOptions = {}): DemoReport {
  const narrator = new Narrator(options.onStep);
  const program = hostPrograms().return0x12345678;
  const heap = new CodeHeap({ policy: options.policy ?? 'auto' });
  try {
    narrator.step(`chose policy '${heap.policy}'`, { detail: policyExplanation(heap.policy) });
    const block = heap.allocate(program.code.length);
    narrator.step(`allocated ${program.code.length} bytes of code memory at 0x${block.address.toString(16)}`, {
      detail: `the page is ${protectionAt(block.address)} and full of trap instructions until code is written`,
    });
    block.write(0, program.code);
    narrator.step(`wrote ${program.listing}`, {
      bytes: formatHex(block.read()),
      detail: `the page the CPU runs is ${protectionAt(block.address)}; ${flushExplanation()}`,
    });
    const fn = nativeFunction(block.address, 'int64 ()', { size: block.size });
    const value = fn();
    narrator.step('called it as int64 ()', { value: String(value) });
    fn.dispose();
    block.free();
    narrator.step('freed the code', { detail: `the address is now ${protectionAt(block.address)}: a stale call would fault instead of running old code` });
    const ok = value === 0x12345678n;
    return narrator.report('execute', heap.policy, ok, ok ? `the six bytes returned ${value} (0x12345678)` : `expected 305419896, got ${value}`);
  } finally {
    heap.dispose();
    narrator.finish();
  }
}

import { formatHex } from '../asm/hex.ts';
import { CodeHeap } from '../memory/index.ts';
import { compileWithSlots } from '../patch/index.ts';
import type { DemoOptions } from './execute.ts';
import { codeListing } from './code-listing.ts';
import { liveProgram } from './live-programs.ts';
import { Narrator, type DemoReport } from './narrator.ts';
import { policyExplanation } from './policy-words.ts';

/**
 * A patchable constant: the immediate of `mov eax, 42` (arm64: the imm16 of `movz w0, #42`) is marked as
 * the slot `answer`; assigning `fn.slots.answer = 1337` rewrites that field of the running code.
 */
export function slotDemo(options: DemoOptions = {}): DemoReport {
  const narrator = new Narrator(options.onStep);
  const heap = new CodeHeap({ policy: options.policy ?? 'auto' });
  try {
    narrator.step(`chose policy '${heap.policy}'`, { detail: policyExplanation(heap.policy) });
    const program = liveProgram({ x64: 'mov eax, 42; ret', arm64: 'movz w0, #42; ret' });
    const fn = compileWithSlots(program.code, 'int32 ()', { answer: { at: 0 } }, { heap });
    const field = fn.slotFields['answer']!;
    const before = fn();
    const bytesBefore = fn.block.read(0, program.code.length);
    narrator.step(`compiled ${program.listing} with the slot 'answer' and called it`, {
      bytes: formatHex(bytesBefore),
      value: String(before),
      detail: `slot 'answer' is the ${field.size * 8}-bit ${field.kind} of '${field.instruction}' at byte +${field.offset}; it reads ${String(fn.slots['answer'])}`,
    });
    fn.slots['answer'] = 1337;
    const bytesAfter = fn.block.read(0, program.code.length);
    const changed = bytesBefore.reduce((count, byte, index) => count + (byte !== bytesAfter[index] ? 1 : 0), 0);
    narrator.step('assigned fn.slots.answer = 1337', {
      bytes: formatHex(bytesAfter),
      detail: `before: ${codeListing(bytesBefore, fn.address)}  after: ${codeListing(bytesAfter, fn.address)}  (${changed} byte(s) changed, written as one aligned word store)`,
    });
    const after = fn();
    narrator.step('called it again', { value: String(after) });
    let refused = '';
    try {
      fn.slots['answer'] = 2 ** 40;
    } catch (error) {
      refused = String((error as Error).message);
    }
    const unchanged = formatHex(fn.block.read(0, program.code.length)) === formatHex(bytesAfter);
    narrator.step('tried fn.slots.answer = 2**40', { detail: `${refused === '' ? 'accepted (unexpected)' : `refused: ${refused}`}; the code bytes are ${unchanged ? 'unchanged' : 'CHANGED'}` });
    fn.dispose();
    const ok = before === 42 && after === 1337 && refused !== '' && unchanged;
    return narrator.report('slot', heap.policy, ok, ok ? `the slot changed the running code from 42 to 1337; an out-of-range value was refused with the code intact` : `expected 42, 1337 and a refusal; got ${before}, ${after}, '${refused}'`);
  } finally {
    heap.dispose();
    narrator.finish();
  }
}

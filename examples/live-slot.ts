// A patchable constant: mark the immediate of `mov eax, 42` as the slot 'answer', then rewrite it in the
// running code. The write is one aligned 8-byte store of the word that holds the immediate.
// x86-64 code. Run: node --import tsx examples/live-slot.ts
import { CodeHeap, compileWithSlots, formatHex, x64 } from '../src/index.ts';

const heap = new CodeHeap({ policy: 'dual' });
const answer = compileWithSlots(x64.assembleX64('mov eax, 42\nret'), 'int32 ()', { answer: { at: 0 } }, { heap });
console.log(`${answer()} ${formatHex(answer.block.read(0, 6))}`);
answer.slots.answer = 1337;
console.log(`${answer()} ${formatHex(answer.block.read(0, 6))}`);
try {
  answer.slots.answer = 2 ** 40;
} catch (error) {
  console.log(`${(error as { code: string }).code}; still ${answer()}`);
}
answer.dispose();
heap.dispose();

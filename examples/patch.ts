// Modify code that is already read+execute — safely.
// Under 'wx' the page goes RX -> RW -> RX around the write (the VirtualProtect + FlushInstructionCache
// recipe); under 'dual' jitkit writes through a second, RW mapping and the RX page never changes.
// x86-64 code. Run: node --import tsx examples/patch.ts
import { CodeHeap, compile, protectionAt } from '../src/index.ts';

for (const policy of ['wx', 'dual'] as const) {
  const heap = new CodeHeap({ policy });
  const answer = compile(Uint8Array.of(0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3), 'int32 ()', { heap });
  const before = answer();
  answer.block.write(1, Uint8Array.of(0x39, 0x05, 0x00, 0x00));
  console.log(`${policy}: ${before} -> ${answer()}, code page ${protectionAt(answer.address)}`);
  answer.dispose();
  heap.dispose();
}

// The RWX experiment: rewrite a running function's constant through the pointer it runs at.
// Unsafe by design — a writable+executable page turns any memory bug into code injection — so jitkit only
// does it when the policy is named. x86-64 code. Run: node --import tsx examples/rewrite.ts
import { CodeHeap, compile } from '../src/index.ts';

const heap = new CodeHeap({ policy: 'rwx' });
const answer = compile(Uint8Array.of(0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3), 'int32 ()', { heap }); // mov eax, 42; ret
console.log(answer()); // 42
console.log(answer.block.writableAddress === answer.address); // true: one pointer for running and writing
answer.block.write(1, Uint8Array.of(0x39, 0x05, 0x00, 0x00)); // imm32 = 1337, little-endian
console.log(answer()); // 1337 — the same function object
answer.dispose();
heap.dispose();

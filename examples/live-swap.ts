// Hot swap: callers keep one entry address; swap() redirects it with one aligned 8-byte store. Here the
// entry is shared with threads, so each swap is followed by membarrier SYNC_CORE (cross-modifying code).
// x86-64 code. Run: node --import tsx examples/live-swap.ts
import { CodeHeap, compile, swappable, x64 } from '../src/index.ts';

const heap = new CodeHeap({ policy: 'dual', sharedWithThreads: true });
const slow = compile(x64.assembleX64('mov eax, 1\nret'), 'int32 ()', { heap });
const fast = compile(x64.assembleX64('mov eax, 2\nret'), 'int32 ()', { heap });
const entry = swappable('int32 ()', slow, { heap });
console.log(`entry 0x${entry.entry.toString(16)} returns ${entry()}`);
entry.swap(fast);
console.log(`after swap: ${entry()} (generation ${entry.generation}, ${entry.retired.length} retired version kept mapped)`);
// Every thread that could have been inside `slow` has returned (there is only this one): end the grace period.
console.log(`released ${entry.releaseRetired()}`);
entry.dispose();
slow.dispose();
fast.dispose();
heap.dispose();

// Trampolines: bind() makes a new native function pointer that calls its target with a context value as
// the first argument; callback() makes a native pointer into JS. Together: a C-style callback without a
// user-data parameter that still reaches per-instance state.
// x86-64 code. Run: node --import tsx examples/live-trampoline.ts
import { CodeHeap, bindAs, callback, compile, x64 } from '../src/index.ts';

const heap = new CodeHeap({ policy: 'dual' });
const add = compile(x64.assembleX64('lea rax, [rdi + rsi]\nret'), 'int64 (int64, int64)', { heap });
const addThousand = bindAs('int64 (int64)', add, 1000n, { heap });
console.log(String(addThousand(5n)));
const greet = callback((context: number | bigint, x: number | bigint) => BigInt(context) * BigInt(x), 'int64 (int64, int64)');
const timesSeven = bindAs('int64 (int64)', greet, 7n, { heap });
console.log(String(timesSeven(6n)));
timesSeven.dispose();
greet.dispose();
addThousand.dispose();
add.dispose();
heap.dispose();

// Trampolines: bind() makes a new native function pointer that calls its target with a context value as
// the first argument; callback() makes a native pointer into JS. Together: a C-style callback without a
// user-data parameter that still reaches per-instance state. A target with more arguments than the
// registers hold works too: the trampoline rebuilds the stack arguments and calls from a frame of its own.
// x86-64 or AArch64. Run: node --import tsx examples/live-trampoline.ts
import { CodeHeap, arm64, bindAs, callback, compile, x64 } from '../src/index.ts';

const onArm64 = process.arch === 'arm64';
const heap = new CodeHeap({ policy: 'dual' });
const add = compile(onArm64 ? arm64.assembleArm64('add x0, x0, x1\nret') : x64.assembleX64('lea rax, [rdi + rsi]\nret'), 'int64 (int64, int64)', { heap });
const addThousand = bindAs('int64 (int64)', add, 1000n, { heap });
console.log(String(addThousand(5n)));
const greet = callback((context: number | bigint, x: number | bigint) => BigInt(context) * BigInt(x), 'int64 (int64, int64)');
const timesSeven = bindAs('int64 (int64)', greet, 7n, { heap });
console.log(String(timesSeven(6n)));

// int64 sum10(int64 context, int64 a1, ..., int64 a9): a6..a9 (x64) / a8, a9 (arm64) are stack arguments.
const sum10 = compile(
  onArm64
    ? arm64.assembleArm64('add x0, x0, x1\nadd x0, x0, x2\nadd x0, x0, x3\nadd x0, x0, x4\nadd x0, x0, x5\nadd x0, x0, x6\nadd x0, x0, x7\nldr x9, [sp]\nadd x0, x0, x9\nldr x9, [sp, #8]\nadd x0, x0, x9\nret')
    : x64.assembleX64('lea rax, [rdi + rsi]\nadd rax, rdx\nadd rax, rcx\nadd rax, r8\nadd rax, r9\nadd rax, qword ptr [rsp + 8]\nadd rax, qword ptr [rsp + 16]\nadd rax, qword ptr [rsp + 24]\nadd rax, qword ptr [rsp + 32]\nret'),
  'int64 (int64, int64, int64, int64, int64, int64, int64, int64, int64, int64)',
  { heap },
);
const sum9 = bindAs('int64 (int64, int64, int64, int64, int64, int64, int64, int64, int64)', sum10, 1000n, { heap });
console.log(String(sum9(1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n)));
sum9.dispose();
sum10.dispose();
timesSeven.dispose();
greet.dispose();
addThousand.dispose();
add.dispose();
heap.dispose();

// Execute-once: the first call runs the body, then the code rewrites its own entry (through the RW alias
// of a dual mapping) into `jmp then`; later calls never see the body again. Refused under 'wx'.
// x86-64 code. Run: node --import tsx examples/live-once.ts
import { CodeHeap, compile, once, x64 } from '../src/index.ts';

const heap = new CodeHeap({ policy: 'dual' });
// The body counts its runs in a word of its own block, written through the block's writable alias.
const body = heap.allocate(64);
body.write(0, x64.assembleX64(`mov rax, 0x${(body.writableAddress + 32n).toString(16)}\nlock inc qword ptr [rax]\nret`));
body.write(32, new Uint8Array(8));
const then = compile(x64.assembleX64('mov eax, 42\nret'), 'int32 ()', { heap });
const init = once('int32 ()', body, then, { heap });
const results = [init(), init(), init()];
const runs = new DataView(body.read(32, 8).buffer).getBigUint64(0, true);
console.log(`${results.join(' ')}; body ran ${runs} time(s); fired ${init.fired}`);
init.dispose();
then.dispose();
body.free();
heap.dispose();

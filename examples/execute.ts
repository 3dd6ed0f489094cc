// The first experiment: six bytes become a function.
// x86-64 code. Run: node --import tsx examples/execute.ts
import { CodeHeap, nativeFunction, formatHex } from '../src/index.ts';

// mov eax, 0x12345678 ; ret
const code = Uint8Array.of(0xb8, 0x78, 0x56, 0x34, 0x12, 0xc3);

const heap = new CodeHeap({ policy: 'wx' }); // map RW, write, mprotect RX, flush — never W and X at once
const block = heap.allocate(code.length);
block.write(0, code);
const fn = nativeFunction(block.address, 'int64 ()');
console.log(`${formatHex(block.read())} at 0x${block.address.toString(16)} returned ${fn()}`); // 305419896n
fn.dispose();
block.free(); // refilled with int3, the mapping goes back to the OS when empty
heap.dispose();

import { hostPrograms } from '../../src/demos/index.ts';

/** `a + b` for the host CPU: x64 `lea eax, [rdi+rsi]; ret`, arm64 `add w0, w0, w1; ret`. */
export function hostAddTwoInts(): Uint8Array {
  return process.arch === 'arm64'
    ? Uint8Array.of(0x00, 0x00, 0x01, 0x0b, 0xc0, 0x03, 0x5f, 0xd6)
    : Uint8Array.of(0x8d, 0x04, 0x37, 0xc3);
}

/** A 16-byte function for the host CPU: return-42 padded with trap bytes. */
export function sixteenByteFunction(): Uint8Array {
  const code = new Uint8Array(16);
  const body = hostPrograms().return42.code;
  if (process.arch === 'arm64') {
    for (let i = 0; i < 16; i += 4) code.set([0x00, 0x00, 0x20, 0xd4], i); // brk #0
  } else {
    code.fill(0xcc); // int3
  }
  code.set(body, 0);
  return code;
}

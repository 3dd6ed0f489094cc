import { Arm64Assembler } from '../arm64/index.ts';
import { JitkitError } from '../errors.ts';
import { branchWord } from './arm64-writer.ts';

/**
 * The AArch64 execute-once block, as LLVM-syntax assembly text (so the tests can give the very same text to
 * llvm-mc and compare the bytes) assembled by jitkit's A64 assembler. Layout, shared with the x86-64 block
 * where it matters (`STATE` is read back by `once().fired`):
 *
 *     0   entry:  b first            the word the first call rewrites to `b then` (or `b far`)
 *     4   far:    ldr x16, then      reaches a `then` beyond the ±128 MiB of a direct `b`
 *     8           br x16
 *     12          brk #0
 *     16  state:  .word 0            0 = never run, 1 = running, 2 = done
 *     24  then:   .quad <then>
 *     32  first:  the first-call path, then its literal pool
 */
export const A64_ONCE_ENTRY = 0;
export const A64_ONCE_FAR = 4;
export const A64_ONCE_STATE = 16;
const FIRST = 32;

export interface A64OnceParameters {
  /** Where the block runs (its RX view). */
  readonly address: bigint;
  /** Where the block is written (the RW alias under `dual`, `address` under `rwx`). */
  readonly writableAddress: bigint;
  readonly body: bigint;
  readonly then: bigint;
}

/** The entry word after the first call: `b then` when `then` is within reach of the entry, else `b far`. */
export function a64OnceNewEntry(address: bigint, then: bigint): number {
  const distance = then - (address + BigInt(A64_ONCE_ENTRY));
  const near = distance % 4n === 0n && distance >= -(1n << 27n) && distance < 1n << 27n;
  return branchWord(near ? Number(distance) : A64_ONCE_FAR - A64_ONCE_ENTRY);
}

const hex = (value: bigint | number): string => `0x${BigInt.asUintN(64, BigInt(value)).toString(16)}`;

/**
 * Why the first-call path is written this way:
 *
 * - It is an ordinary AAPCS64 call of `body`, so it saves what the caller's arguments may occupy and the body
 *   may clobber: x0-x7 and v0-v7 (whole q registers: a short vector argument uses all 128 bits), x8 (the
 *   indirect-result address of a large return value) and x30; x19 is callee-saved and holds the state
 *   word's address across the call. Stack arguments are untouched: sp is restored before `then` is reached.
 *   x16/x17 (IP0/IP1) are scratch, as in any veneer between a caller and its callee.
 * - The state word is claimed with a load-acquire-exclusive / store-exclusive pair (ARMv8.0, every CPU; LSE
 *   `cas` would only help under heavy contention, and the claim happens once). Exactly one thread sees 0 and
 *   stores 1; leaving the loop without a store-exclusive needs no `clrex` (the Linux kernel's own LL/SC
 *   cmpxchg does not issue one). Everyone else waits for 2 with load-acquire, so the body's effects are
 *   visible before anyone runs `then`.
 * - The winner publishes `done` with a store-release, then the new entry word with a second store-release,
 *   so the body's stores and `done` are ordered before the new entry can be observed.
 * - The entry change is one aligned 4-byte store that replaces a `B` with a `B`: the Arm ARM (DDI 0487,
 *   B2.2.5 "Concurrent modification and execution of instructions") allows exactly this while other cores
 *   may be executing it — they execute the old or the new branch. The old one leads here, where the state
 *   word (the source of truth) says `done`, so a core that fetched the old entry skips the body as well.
 * - The cache ritual is run by the generated code itself, on the entry's line: `dc cvau` (data caches are
 *   physically indexed and tagged, so cleaning through either view cleans the same line; the RX address is
 *   used because it is at hand and readable), `dsb ish`, `ic ivau` with the *executable* address (an
 *   instruction cache may be virtually indexed: only the address instructions are fetched from names the
 *   line reliably), `dsb ish`, `isb`. Maintenance by address acts on the whole line that contains it, and an
 *   aligned 4-byte word never spans two lines of any size CTR_EL0 can report, so the line sizes do not enter;
 *   CTR_EL0.IDC/DIC could only make a step unnecessary, never wrong, so both are always issued.
 */
export function a64OnceSource(p: A64OnceParameters): string {
  const newEntry = a64OnceNewEntry(p.address, p.then);
  return `entry:
  b first
far:
  ldr x16, then
  br x16
  brk #0
state:
  .word 0
  .word 0
then:
  .quad ${hex(p.then)}
first:
  stp x29, x30, [sp, #-224]!
  mov x29, sp
  stp x0, x1, [sp, #16]
  stp x2, x3, [sp, #32]
  stp x4, x5, [sp, #48]
  stp x6, x7, [sp, #64]
  stp x8, x19, [sp, #80]
  stp q0, q1, [sp, #96]
  stp q2, q3, [sp, #128]
  stp q4, q5, [sp, #160]
  stp q6, q7, [sp, #192]
  ldr x19, writable
  add x19, x19, #${A64_ONCE_STATE}
  mov w16, #1
claim:
  ldaxr w17, [x19]
  cbnz w17, wait
  stxr w17, w16, [x19]
  cbnz w17, claim
  ldr x16, body
  blr x16
  mov w16, #2
  stlr w16, [x19]
  ldr x16, writable
  ldr w17, new_entry
  stlr w17, [x16]
  adr x16, entry
  dc cvau, x16
  dsb ish
  ic ivau, x16
  dsb ish
  isb
  b restore
wait:
  ldar w17, [x19]
  cmp w17, #2
  b.eq restore
  yield
  b wait
restore:
  ldp q6, q7, [sp, #192]
  ldp q4, q5, [sp, #160]
  ldp q2, q3, [sp, #128]
  ldp q0, q1, [sp, #96]
  ldp x8, x19, [sp, #80]
  ldp x6, x7, [sp, #64]
  ldp x4, x5, [sp, #48]
  ldp x2, x3, [sp, #32]
  ldp x0, x1, [sp, #16]
  ldp x29, x30, [sp], #224
  b far
  .p2align 3
writable:
  .quad ${hex(p.writableAddress)}
body:
  .quad ${hex(p.body)}
new_entry:
  .word ${hex(newEntry)}
`;
}

/** The assembled block, ready to be written at `p.address`. */
export function a64OnceImage(p: A64OnceParameters): Uint8Array {
  const image = new Arm64Assembler().assemble(a64OnceSource(p)).finalize(p.address);
  const first = new DataView(image.buffer, image.byteOffset, image.byteLength).getUint32(A64_ONCE_ENTRY, true);
  if (first !== branchWord(FIRST - A64_ONCE_ENTRY)) {
    throw new JitkitError('E_SIZE', 'the execute-once header is not laid out as expected (entry must branch to +32)');
  }
  return image;
}

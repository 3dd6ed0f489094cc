/** The general registers at a probe or breakpoint hit on x86-64, as they were before the instruction ran. */
export interface RegisterState {
  readonly rax: bigint; readonly rcx: bigint; readonly rdx: bigint; readonly rbx: bigint;
  readonly rsp: bigint; readonly rbp: bigint; readonly rsi: bigint; readonly rdi: bigint;
  readonly r8: bigint; readonly r9: bigint; readonly r10: bigint; readonly r11: bigint;
  readonly r12: bigint; readonly r13: bigint; readonly r14: bigint; readonly r15: bigint;
  readonly rip: bigint; readonly rflags: bigint;
}

type A64GeneralName = `x${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20 | 21 | 22 | 23 | 24 | 25 | 26 | 27 | 28 | 29 | 30}`;

/**
 * The same on AArch64: x0-x30, sp, pc (the instruction's address) and nzcv (the NZCV flags in bits 31:28,
 * as `mrs x, nzcv` reads them).
 */
export type A64RegisterState = { readonly [name in A64GeneralName]: bigint } & { readonly sp: bigint; readonly pc: bigint; readonly nzcv: bigint };

/**
 * Either shape. Probes and breakpoints hand out the host's: `probe<A64RegisterState>(…)` on arm64; the
 * default type parameter is the x86-64 `RegisterState`.
 */
export type AnyRegisterState = RegisterState | A64RegisterState;

/** Names of the 34 words of an A64 register record, in order: x0..x30, sp, pc, then the flags word. */
export const A64_RECORD_NAMES: readonly string[] = [...Array.from({ length: 31 }, (_, i) => `x${i}`), 'sp', 'pc', 'nzcv'];

/** Reads an A64 register record (34 little-endian words, A64_RECORD_NAMES order); only NZCV of the flags word is kept. */
export function readA64Record(read: (index: number) => bigint): A64RegisterState {
  const values: Record<string, bigint> = {};
  A64_RECORD_NAMES.forEach((name, index) => (values[name] = BigInt.asUintN(64, read(index))));
  values['nzcv'] = values['nzcv']! & 0xf0000000n;
  return values as unknown as A64RegisterState;
}

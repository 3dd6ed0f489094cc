import type { ParsedType } from '../call/index.ts';

/** Where one scalar argument travels at a call. */
export type ArgumentLocation =
  | { readonly kind: 'integer'; readonly register: number }
  | { readonly kind: 'float'; readonly register: number }
  | { readonly kind: 'stack'; readonly slot: number };

const FLOAT_CLASS = new Set<ParsedType['kind']>(['float', 'double']);

/**
 * Integer and vector argument registers per convention: SysV x86-64 (psABI §3.2.3: rdi, rsi, rdx, rcx, r8,
 * r9; xmm0-7) and AAPCS64 (§6.8.2: x0-x7; v0-v7).
 */
export const ARGUMENT_REGISTERS = { x64: { integer: 6, float: 8 }, arm64: { integer: 8, float: 8 } } as const;

/**
 * The location of each parameter, for the scalar types signatures allow. Both conventions assign integer and
 * floating-point arguments to their own register files in order and, once a file is used up, put the rest on
 * the stack in parameter order, one 8-byte slot each — SysV: every argument of class INTEGER or SSE takes an
 * eightbyte; AAPCS64 (rule C.16 with the Linux ABI, not Apple's packed variant): the NSAA advances by the size
 * rounded up to 8. Smaller values sit in the low bytes of their slot, so copying whole slots moves them intact.
 */
export function argumentLocations(params: readonly ParsedType[], arch: 'x64' | 'arm64'): ArgumentLocation[] {
  const limits = ARGUMENT_REGISTERS[arch];
  let integers = 0;
  let floats = 0;
  let slots = 0;
  return params.map((param): ArgumentLocation => {
    if (FLOAT_CLASS.has(param.kind)) {
      return floats < limits.float ? { kind: 'float', register: floats++ } : { kind: 'stack', slot: slots++ };
    }
    return integers < limits.integer ? { kind: 'integer', register: integers++ } : { kind: 'stack', slot: slots++ };
  });
}

import { Arm64Assembler } from '../arm64/assembler.ts';
import { lsl } from '../arm64/operands.ts';
import { w0 } from '../arm64/registers.ts';
import { JitkitError } from '../errors.ts';
import { Assembler } from '../x64/assembler.ts';
import { eax } from '../x64/registers.ts';

/**
 * The tiny programs the classic experiments run, for the CPU this process runs on, built with jitkit's
 * own assemblers. Each carries its listing, which the demo prints next to the bytes; `test/demos` checks
 * that llvm-mc assembles every listing to exactly these bytes.
 */
export interface HostPrograms {
  readonly arch: 'x64' | 'arm64';
  /** Returns 0x12345678 (305419896). */
  readonly return0x12345678: { readonly code: Uint8Array; readonly listing: string };
  /** Returns 42. */
  readonly return42: { readonly code: Uint8Array; readonly listing: string };
  /** Where the constant lives in `return42` and the bytes that make it return `value` instead. */
  readonly patchReturnValue: (value: number) => { readonly offset: number; readonly bytes: Uint8Array; readonly listing: string };
}

const X64: HostPrograms = {
  arch: 'x64',
  // The SysV and Win64 ABIs both return int in eax.
  return0x12345678: { code: new Assembler().mov(eax, 0x12345678).ret().finalize(), listing: 'mov eax, 0x12345678; ret' },
  return42: { code: new Assembler().mov(eax, 42).ret().finalize(), listing: 'mov eax, 42; ret' },
  patchReturnValue: (value) => {
    if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 32) {
      throw new JitkitError('E_PATCH_RANGE', `mov eax, imm32 holds 32 bits; ${value} does not fit`);
    }
    // `mov eax, imm32` is always B8+rd id, five bytes whatever the value, so the new instruction
    // replaces the first one of `return42` exactly and `ret` stays where it was.
    return { offset: 0, bytes: new Assembler().mov(eax, value).finalize(), listing: `mov eax, ${value}` };
  },
};

const ARM64: HostPrograms = {
  arch: 'arm64',
  return0x12345678: {
    // AAPCS64 returns int in w0; a 32-bit constant takes a MOVZ for the low half and a MOVK for the high.
    code: new Arm64Assembler().movz(w0, 0x5678).movk(w0, 0x1234, lsl(16)).ret().finalize(),
    listing: 'movz w0, #0x5678; movk w0, #0x1234, lsl #16; ret',
  },
  return42: { code: new Arm64Assembler().movz(w0, 42).ret().finalize(), listing: 'mov w0, #42; ret' },
  patchReturnValue: (value) => {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
      throw new JitkitError('E_PATCH_RANGE', `movz w0, #imm16 holds 16 bits; ${value} does not fit (0..65535)`);
    }
    // The whole 4-byte instruction is rewritten: one aligned word store, which Arm permits for MOVZ only
    // while no other thread executes it (B2.2.5) — the demo runs single-threaded.
    return { offset: 0, bytes: new Arm64Assembler().movz(w0, value).finalize(), listing: `mov w0, #${value}` };
  },
};

export function hostPrograms(arch: string = process.arch): HostPrograms {
  if (arch === 'x64') return X64;
  if (arch === 'arm64') return ARM64;
  throw new JitkitError('E_UNSUPPORTED', `the demos have programs for x64 and arm64, not ${arch}`);
}

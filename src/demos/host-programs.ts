import { JitkitError } from '../errors.ts';

/**
 * The tiny programs the classic experiments run, for the CPU this process runs on. Each is written out
 * byte by byte so the listing the demo prints is the whole program; `test/demos` checks every byte
 * against llvm-mc.
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

function le32(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
}

const X64: HostPrograms = {
  arch: 'x64',
  // b8 id = mov eax, imm32; c3 = ret. The SysV and Win64 ABIs both return int in eax.
  return0x12345678: { code: Uint8Array.of(0xb8, 0x78, 0x56, 0x34, 0x12, 0xc3), listing: 'mov eax, 0x12345678; ret' },
  return42: { code: Uint8Array.of(0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3), listing: 'mov eax, 42; ret' },
  patchReturnValue: (value) => {
    if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 32) {
      throw new JitkitError('E_PATCH_RANGE', `mov eax, imm32 holds 32 bits; ${value} does not fit`);
    }
    // The imm32 follows the one-byte opcode: bytes 1..4, little-endian.
    return { offset: 1, bytes: le32(value >>> 0), listing: `mov eax, ${value}` };
  },
};

/** MOVZ Wd, #imm16: sf=0 opc=10 100101 hw=00 imm16 Rd (Arm ARM C6.2.192). */
function movzW0(value: number): number {
  return (0x52800000 | ((value & 0xffff) << 5)) >>> 0;
}

const ARM64: HostPrograms = {
  arch: 'arm64',
  return0x12345678: {
    // movz w0, #0x5678; movk w0, #0x1234, lsl #16; ret (AAPCS64 returns int in w0).
    code: Uint8Array.of(...le32(movzW0(0x5678)), ...le32(0x72a00000 | (0x1234 << 5)), ...le32(0xd65f03c0)),
    listing: 'movz w0, #0x5678; movk w0, #0x1234, lsl #16; ret',
  },
  return42: { code: Uint8Array.of(...le32(movzW0(42)), ...le32(0xd65f03c0)), listing: 'mov w0, #42; ret' },
  patchReturnValue: (value) => {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
      throw new JitkitError('E_PATCH_RANGE', `movz w0, #imm16 holds 16 bits; ${value} does not fit (0..65535)`);
    }
    // The whole 4-byte instruction is rewritten: one aligned word store, which Arm permits for MOVZ only
    // while no other thread executes it (B2.2.5) — the demo runs single-threaded.
    return { offset: 0, bytes: le32(movzW0(value)), listing: `mov w0, #${value}` };
  },
};

export function hostPrograms(arch: string = process.arch): HostPrograms {
  if (arch === 'x64') return X64;
  if (arch === 'arm64') return ARM64;
  throw new JitkitError('E_UNSUPPORTED', `the demos have programs for x64 and arm64, not ${arch}`);
}

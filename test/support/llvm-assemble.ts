// Assembles text with LLVM (the project's independent encoding oracle) into raw .text bytes, so tests
// run programs whose bytes jitkit did not produce. Spawned llvm-mc is a native binary even under the
// emulated arm64 lane.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LLVM_MC = '/usr/bin/llvm-mc';
const LLVM_OBJCOPY = '/usr/bin/llvm-objcopy';

export type OracleArch = 'x64' | 'arm64';

const TRIPLE_ARGS: Record<OracleArch, string[]> = {
  x64: ['-triple=x86_64', '-x86-asm-syntax=intel'],
  arm64: ['-triple=aarch64', '-mattr=+neon,+lse,+fp-armv8'],
};

export const llvmMissing: string | false =
  existsSync(LLVM_MC) && existsSync(LLVM_OBJCOPY) ? false : 'llvm-mc/llvm-objcopy are not installed (Debian package llvm)';

/** Assembles `source` (Intel syntax for x64, GNU/LLVM syntax for arm64; labels allowed) to its .text bytes. */
export function llvmAssemble(source: string, arch: OracleArch): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'jitkit-llvm-'));
  try {
    const text = join(dir, 'code.s');
    const object = join(dir, 'code.o');
    const binary = join(dir, 'code.bin');
    const prologue = arch === 'x64' ? '.intel_syntax noprefix\n' : '';
    writeFileSync(text, `${prologue}${source.replace(/;\s*/g, '\n')}\n`);
    execFileSync(LLVM_MC, [...TRIPLE_ARGS[arch], '-filetype=obj', '-o', object, text]);
    execFileSync(LLVM_OBJCOPY, ['-O', 'binary', '--only-section=.text', object, binary]);
    return new Uint8Array(readFileSync(binary));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The host's architecture, when jitkit can run code on it. */
export const hostArch: OracleArch | undefined = process.arch === 'x64' || process.arch === 'arm64' ? process.arch : undefined;

/** Assembles the host-architecture variant of a program. */
export function hostAssemble(sources: Record<OracleArch, string>): Uint8Array {
  if (hostArch === undefined) throw new Error(`no program for ${process.arch}`);
  return llvmAssemble(sources[hostArch], hostArch);
}

// Shared by the test/arm64/run-*.test.ts files: A64 machine code for the runtime tests, assembled from text
// by llvm-mc (the encoding oracle the project checks its own assembler against), and the skip reasons.
// Under the arm64 lane llvm-mc is spawned from the emulated node but runs as a native x86-64 binary
// (qemu-user does not intercept execve), so assembling costs no emulation.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompileOptions } from '../../src/call/index.ts';

const LLVM_MC = '/usr/bin/llvm-mc';
const LLVM_OBJCOPY = '/usr/bin/llvm-objcopy';

/** Why the runtime tests cannot run in this process, or false when they can. */
export const cannotRunA64: string | false =
  process.arch !== 'arm64'
    ? `running A64 code needs an arm64 process; this one is ${process.arch} (run scripts/test-arm64.sh)`
    : !existsSync(LLVM_MC) || !existsSync(LLVM_OBJCOPY)
      ? 'llvm-mc/llvm-objcopy are not installed (apt llvm); they assemble the test programs'
      : false;

/** Assembles GNU/LLVM-syntax A64 text (labels allowed) into the bytes of its .text section. */
export function a64(source: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'jitkit-a64-'));
  try {
    const text = join(dir, 'code.s');
    const object = join(dir, 'code.o');
    const binary = join(dir, 'code.bin');
    writeFileSync(text, source.endsWith('\n') ? source : `${source}\n`);
    execFileSync(LLVM_MC, ['-triple=aarch64', '-mattr=+neon,+lse,+fp-armv8', '-filetype=obj', '-o', object, text]);
    execFileSync(LLVM_OBJCOPY, ['-O', 'binary', '--only-section=.text', object, binary]);
    return new Uint8Array(readFileSync(binary));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Where the runtime tests load their code. qemu-user keeps its translation of guest code until the page is
 * written through the same guest address or made writable again; under `dual` jitkit writes through a
 * second mapping and the executable view never changes protection, so code loaded where freed code ran
 * before (the heap reuses addresses) would run the *old* translation. Under the emulator the tests therefore
 * load through `wx`, whose RW -> RX flip on every write makes qemu drop its translations; on hardware they
 * use the default policy. JITKIT_EMULATOR is exported by scripts/test-arm64.sh.
 */
export const runOptions: CompileOptions = { policy: process.env['JITKIT_EMULATOR'] === 'qemu-user' ? 'wx' : 'auto' };

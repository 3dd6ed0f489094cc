// Shared by the test/arm64/run-*.test.ts files: A64 machine code for the runtime tests, assembled from text
// by jitkit's own assembler and checked byte for byte against llvm-mc (the independent encoding oracle), the
// skip reason, and the options the programs are loaded with.
import assert from 'node:assert/strict';
import { Arm64Assembler } from '../../src/arm64/assembler.ts';
import type { CompileOptions } from '../../src/call/index.ts';
import { llvmAssemble, llvmMissing } from '../support/llvm-assemble.ts';

/** Why the runtime tests cannot run in this process, or false when they can. */
export const cannotRunA64: string | false =
  process.arch !== 'arm64'
    ? `running A64 code needs an arm64 process; this one is ${process.arch} (run scripts/test-arm64.sh)`
    : llvmMissing && `${llvmMissing}; they assemble the test programs`;

/**
 * Assembles GNU/LLVM-syntax A64 text (named labels, one instruction per line) with jitkit's assembler, after
 * checking that llvm-mc produces the same bytes, so what runs is jitkit's output and is known to be right.
 */
export function a64(source: string): Uint8Array {
  const jitkit = new Arm64Assembler().assemble(source).finalize();
  const llvm = llvmAssemble(source, 'arm64');
  assert.equal(Buffer.from(jitkit).toString('hex'), Buffer.from(llvm).toString('hex'), `jitkit and llvm-mc disagree on:\n${source}`);
  return jitkit;
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

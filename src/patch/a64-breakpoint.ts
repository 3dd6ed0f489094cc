import { Arm64Assembler } from '../arm64/index.ts';
import { JitkitError } from '../errors.ts';
import type { CodeBlock } from '../memory/index.ts';
import { relocateA64 } from './a64-relocate.ts';
import { assertConcurrentPatchAllowed, a64SiteAt } from './a64-site.ts';
import { A64_BREAKPOINT_IMMEDIATE } from './a64-trap-handler.ts';
import { brkWord } from './arm64-writer.ts';
import type { Breakpoint } from './breakpoint.ts';
import { claimSite, releaseSite } from './patched-sites.ts';
import type { ProbeTarget } from './probe.ts';
import { readA64Record, type A64RegisterState } from './register-state.ts';
import { reserveTrapRecord, type TrapRecord } from './trap-table.ts';

const COPY_SIZE = 64;
const B_REACH = 1n << 27n;
const REGISTER_WORDS = 34;

const wordBytes = (word: number): Uint8Array => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, word >>> 0, true);
  return bytes;
};

/**
 * The AArch64 breakpoint: the instruction word at `offset` becomes `brk #0x6a6b`, written with one aligned
 * 4-byte store through the code heap (whose ritual flushes the line). A thread that reaches it traps; the
 * kernel delivers SIGTRAP with the PC at the brk; jitkit's A64 handler (a64-trap-handler.ts) counts the hit,
 * records x0-x30, sp, pc and pstate, and resumes the thread at an out-of-line copy — the instruction relocated
 * by a64-relocate.ts, then a direct `b` back to the next instruction (the copy is allocated in the function's
 * heap and must be within ±128 MiB of it, else E_PATCH_RANGE with nothing changed).
 *
 * Threads: BRK is in the Arm ARM's B2.2.5 set of instructions that may be modified while other cores execute
 * them, but only when the original is too (B, BL, NOP, ISB, SVC…), so on a heap `sharedWithThreads` any other
 * instruction is refused (E_UNSUPPORTED, a64-site.ts). The record the handler looks up is published before
 * the brk is written.
 */
export function a64Breakpoint(target: ProbeTarget, offset: number): Breakpoint<A64RegisterState> {
  const block = target.block;
  const site = a64SiteAt(block, offset);
  assertConcurrentPatchAllowed(block, site, 'a breakpoint');
  claimSite(block, offset, 'breakpoint');
  let copy: CodeBlock | null = null;
  let record: TrapRecord | null = null;
  let displaced: string;
  try {
    copy = block.heap.allocate(COPY_SIZE, 16);
    const relocation = relocateA64(site.word, site.address, copy.address);
    displaced = relocation.text;
    const lines = [...relocation.lines];
    if (relocation.fallsThrough) {
      const back = site.address + 4n - (copy.address + BigInt(lines.length * 4));
      if (back < -B_REACH || back >= B_REACH) {
        throw new JitkitError('E_PATCH_RANGE', `the out-of-line copy landed at 0x${copy.address.toString(16)}, beyond the ±128 MiB a 'b' back to +${offset + 4} reaches`);
      }
      lines.push(`b #${back}`);
    }
    const code = new Arm64Assembler().assemble(lines.join('\n')).finalize(copy.address);
    if (code.length > copy.size) throw new JitkitError('E_SIZE', `the out-of-line copy needs ${code.length} bytes`);
    copy.write(0, code);
    record = reserveTrapRecord(site.address, copy.address);
    block.writeAtomic(offset, wordBytes(brkWord(A64_BREAKPOINT_IMMEDIATE)));
  } catch (error) {
    record?.release();
    copy?.free();
    releaseSite(block, offset);
    throw error;
  }
  const trap = record;
  const outOfLine = copy;
  const original = wordBytes(site.word);

  let removed = false;
  let released = false;
  return {
    address: site.address,
    offset,
    displaced,
    resumeAddress: outOfLine.address,
    outOfLine,
    get hits() {
      return trap.hits;
    },
    get registers() {
      const words = trap.registers(REGISTER_WORDS);
      return words === null ? null : readA64Record((index) => words[index]!);
    },
    get isRemoved() {
      return removed;
    },
    remove() {
      if (removed) throw new JitkitError('E_DISPOSED', `the breakpoint at +${offset} was already removed`);
      block.writeAtomic(offset, original);
      removed = true;
      releaseSite(block, offset);
    },
    release() {
      if (!removed) throw new JitkitError('E_PATCH_RANGE', `the breakpoint at +${offset} is still set; remove() it before releasing it`);
      if (released) return;
      released = true;
      trap.release();
      outOfLine.free();
    },
  };
}

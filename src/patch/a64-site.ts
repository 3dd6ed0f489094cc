import { JitkitError } from '../errors.ts';
import type { CodeBlock } from '../memory/index.ts';
import { a64InstructionText } from './a64-relocate.ts';

/** One A64 instruction of a function that a probe or breakpoint is about to replace. */
export interface A64Site {
  readonly offset: number;
  readonly address: bigint;
  readonly word: number;
  readonly text: string;
}

const LOOKBEHIND = 16; // instructions scanned back for an open load-exclusive

const wordAt = (view: DataView, offset: number): number => view.getUint32(offset, true);

/**
 * The instruction at `offset` of `block`, checked for what makes replacing it wrong whatever the relocator
 * does: an offset outside the function (E_PATCH_RANGE) or inside an instruction (E_PATCH_BOUNDARY, A64
 * instructions are the aligned 4-byte words); a word that a literal load of the function reads (data, not
 * an instruction: E_PATCH_BOUNDARY); an instruction between a load-exclusive and its store-exclusive, or
 * right after an SVE movprfx (E_UNRELOCATABLE). Functions are scanned linearly, which is exact for code
 * jitkit loads (instructions and literal pools, no other data).
 */
export function a64SiteAt(block: CodeBlock, offset: number): A64Site {
  const code = block.read();
  const size = code.length - (code.length % 4);
  if (!Number.isInteger(offset) || offset < 0 || offset >= size) {
    throw new JitkitError('E_PATCH_RANGE', `offset ${offset} is outside the ${size}-byte function`, { offset, size });
  }
  const view = new DataView(code.buffer, code.byteOffset, code.byteLength);
  if (offset % 4 !== 0) {
    const start = offset - (offset % 4);
    throw new JitkitError(
      'E_PATCH_BOUNDARY',
      `offset ${offset} is inside '${a64InstructionText(wordAt(view, start))}' (bytes ${start}..${start + 3}); A64 instructions are aligned 4-byte words, so they start at ${start} and ${start + 4}`,
      { offset, instructionStart: start, instructionLength: 4 },
    );
  }
  const word = wordAt(view, offset);
  const text = a64InstructionText(word);
  for (let at = 0; at < size; at += 4) {
    const literal = literalRead(wordAt(view, at));
    if (literal === null) continue;
    const target = at + literal.offset;
    if (target < offset + 4 && offset < target + literal.size) {
      throw new JitkitError(
        'E_PATCH_BOUNDARY',
        `+${offset} is data, not an instruction: '${a64InstructionText(wordAt(view, at))}' at +${at} loads ${literal.size} bytes from +${target}`,
        { offset, reader: at },
      );
    }
  }
  for (let at = offset - 4; at >= 0 && at >= offset - 4 * LOOKBEHIND; at -= 4) {
    const before = wordAt(view, at);
    const kind = exclusiveKind(before);
    if (kind === 'store' || endsStraightLine(before)) break;
    if (kind === 'load') {
      throw new JitkitError(
        'E_UNRELOCATABLE',
        `'${text}' at +${offset} follows the load-exclusive '${a64InstructionText(before)}' at +${at} before its store-exclusive: a branch to a stub or a trap there may clear the exclusive monitor (Arm ARM B2.9.5), so the store-exclusive could fail on every retry`,
        { offset, loadExclusive: at },
      );
    }
  }
  if (offset >= 4 && isMovprfx(wordAt(view, offset - 4))) {
    throw new JitkitError('E_UNRELOCATABLE', `'${text}' at +${offset} is prefixed by the movprfx before it, which must be immediately followed by it`, { offset });
  }
  return { offset, address: block.address + BigInt(offset), word, text };
}

/**
 * The A64 instructions whose concurrent modification and execution the Arm ARM (DDI 0487, B2.2.5) allows
 * without stopping the other threads — and only when both the old and the new instruction are one of them:
 * B, BL, BRK, HVC, ISB, NOP, SMC, SVC.
 */
export function concurrentlyPatchable(word: number): boolean {
  const w = word >>> 0;
  const top6 = (w & 0xfc000000) >>> 0;
  if (top6 === 0x14000000 || top6 === 0x94000000) return true; // B, BL
  if (w === 0xd503201f) return true; // NOP
  if (((w & 0xfffff0ff) >>> 0) === 0xd50330df) return true; // ISB (any option)
  const exception = (w & 0xffe0001f) >>> 0;
  return exception === 0xd4200000 || exception === 0xd4000001 || exception === 0xd4000002 || exception === 0xd4000003; // BRK, SVC, HVC, SMC
}

/**
 * On a heap shared with threads another thread may be executing the word while it changes. The replacement
 * (B or BRK) is in the B2.2.5 set; the original must be as well, else a concurrently executing thread may
 * see "any behavior that can be achieved by executing any sequence of instructions" (B2.2.5) — so refuse.
 */
export function assertConcurrentPatchAllowed(block: CodeBlock, site: A64Site, what: string): void {
  if (!block.heap.sharedWithThreads || concurrentlyPatchable(site.word)) return;
  throw new JitkitError(
    'E_UNSUPPORTED',
    `${what} at +${site.offset} would replace '${site.text}' while other threads may run it; the Arm ARM (B2.2.5) allows that only when the old and the new instruction are both B, BL, BRK, HVC, ISB, NOP, SMC or SVC, and jitkit cannot stop native threads. Place a nop at the site (patchable like Linux's ftrace sites) or use a heap without sharedWithThreads while no other thread runs the code`,
    { offset: site.offset },
  );
}

/** The PC-relative offset and size of what a literal load reads (prfm reads nothing), or null. */
function literalRead(w: number): { offset: number; size: number } | null {
  if (((w & 0x3b000000) >>> 0) !== 0x18000000) return null;
  const opc = w >>> 30;
  const vector = ((w >>> 26) & 1) === 1;
  const size = vector ? [4, 8, 16, 0][opc]! : [4, 8, 4, 0][opc]!;
  if (size === 0) return null;
  return { offset: (((w >>> 5) & 0x7ffff) << 13) >> 11, size };
}

/** Load/store exclusive register or pair (C4.1.94): size 001000 o2 L o1 ...; o2 = 0 and o1 = 0 or a pair. */
function exclusiveKind(w: number): 'load' | 'store' | null {
  if (((w & 0x3f000000) >>> 0) !== 0x08000000) return null;
  const o2 = (w >>> 23) & 1;
  const o1 = (w >>> 21) & 1;
  if (o2 !== 0 || (o1 === 1 && w >>> 30 < 2)) return null;
  return ((w >>> 22) & 1) === 1 ? 'load' : 'store';
}

/** CLREX, B, BR, RET and the other register branches end an exclusive sequence when scanning back. */
function endsStraightLine(w: number): boolean {
  if (((w & 0xfffff0ff) >>> 0) === 0xd503305f) return true; // CLREX
  if (((w & 0xfc000000) >>> 0) === 0x14000000) return true; // B
  return ((w & 0xfe000000) >>> 0) === 0xd6000000 && ((w >>> 21) & 15) !== 1; // BR/RET/... (not BLR)
}

function isMovprfx(w: number): boolean {
  return ((w & 0xfffffc00) >>> 0) === 0x0420bc00 || ((w & 0xff3ee000) >>> 0) === 0x04102000;
}

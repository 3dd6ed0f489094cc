import { formatHex } from '../asm/hex.ts';
import { compile } from '../call/index.ts';
import { CodeHeap } from '../memory/index.ts';
import { swappable } from '../patch/index.ts';
import type { DemoOptions } from './execute.ts';
import { codeListing } from './code-listing.ts';
import { liveProgram } from './live-programs.ts';
import { Narrator, type DemoReport } from './narrator.ts';
import { policyExplanation } from './policy-words.ts';

/**
 * Hot swap: a stable entry address that first leads to a function returning 1, then — after one aligned
 * store into the entry site — to one returning 2. Callers keep the same pointer throughout.
 */
export function swapDemo(options: DemoOptions = {}): DemoReport {
  const narrator = new Narrator(options.onStep);
  const heap = new CodeHeap({ policy: options.policy ?? 'auto' });
  try {
    narrator.step(`chose policy '${heap.policy}'`, { detail: policyExplanation(heap.policy) });
    const one = liveProgram({ x64: 'mov eax, 1; ret', arm64: 'movz w0, #1; ret' });
    const two = liveProgram({ x64: 'mov eax, 2; ret', arm64: 'movz w0, #2; ret' });
    const v1 = compile(one.code, 'int32 ()', { heap });
    const v2 = compile(two.code, 'int32 ()', { heap });
    narrator.step(`compiled version 1 (${one.listing}) at 0x${v1.address.toString(16)} and version 2 (${two.listing}) at 0x${v2.address.toString(16)}`);
    const entry = swappable('int32 ()', v1, { heap });
    const read = () => entry.block.read();
    const siteBefore = read();
    const before = entry();
    narrator.step(`made a swappable entry at 0x${entry.entry.toString(16)} and called it`, {
      bytes: formatHex(siteBefore),
      value: String(before),
      detail: `entry site: ${codeListing(siteBefore.subarray(0, process.arch === 'arm64' ? 8 : 6), entry.entry)}${process.arch === 'arm64' ? ` (literal 0x${v1.address.toString(16)})` : ''}`,
    });
    const replaced = entry.swap(v2);
    const siteAfter = read();
    narrator.step('swapped in version 2', {
      bytes: formatHex(siteAfter),
      detail: `entry site: ${codeListing(siteAfter.subarray(0, process.arch === 'arm64' ? 8 : 6), entry.entry)}${process.arch === 'arm64' ? ` (literal 0x${v2.address.toString(16)})` : ''} — one aligned 8-byte store${heap.sharedWithThreads ? ' followed by membarrier SYNC_CORE' : ''}; version 1 stays mapped until releaseRetired()`,
    });
    const after = entry();
    narrator.step('called the same entry again', { value: String(after) });
    let refused = '';
    const wrong = compile(one.code, 'int64 (int64)', { heap });
    try {
      entry.swap(wrong);
    } catch (error) {
      refused = (error as Error).message;
    }
    const intact = formatHex(read()) === formatHex(siteAfter);
    narrator.step('tried to swap in an int64 (int64) function', { detail: `${refused === '' ? 'accepted (unexpected)' : `refused: ${refused}`}; the entry site is ${intact ? 'unchanged' : 'CHANGED'}` });
    const released = entry.releaseRetired();
    narrator.step(`released ${released} retired version(s) once no call could still be inside them`);
    entry.dispose();
    for (const fn of [v1, v2, wrong]) fn.dispose();
    const ok = before === 1 && after === 2 && replaced === v1 && refused !== '' && intact;
    return narrator.report('swap', heap.policy, ok, ok ? `the same entry returned 1, then 2 after one atomic store; a mismatched signature was refused` : `expected 1 then 2 and a refusal; got ${before}, ${after}, '${refused}'`);
  } finally {
    heap.dispose();
    narrator.finish();
  }
}


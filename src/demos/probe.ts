import { formatHex } from '../asm/hex.ts';
import { compile } from '../call/index.ts';
import { CodeHeap } from '../memory/index.ts';
import { probe, type AnyRegisterState } from '../patch/index.ts';
import type { DemoOptions } from './execute.ts';
import { codeListing } from './code-listing.ts';
import { liveProgram } from './live-programs.ts';
import { Narrator, type DemoReport } from './narrator.ts';
import { policyExplanation } from './policy-words.ts';

/**
 * `int64 sum(int64 n)` = n * 1000 by a loop, per architecture, with the instruction the probe replaces (the
 * loop body's add) and the register that counts the iterations down.
 */
const PROGRAMS = {
  x64: {
    listing: 'xor eax, eax; mov rcx, rdi; top: add rax, 1000; dec rcx; jnz top; ret',
    body: 5, // byte offset of `add rax, 1000`
    counter: 'rcx',
    patch: 'the jump covers 5 of the add\'s 6 bytes; the leftover byte is never executed',
    count: 'lock inc',
  },
  arm64: {
    listing: 'mov x1, x0; mov x0, #0; top: add x0, x0, #1000; subs x1, x1, #1; b.ne top; ret',
    body: 8, // `add x0, x0, #1000`, the third 4-byte word
    counter: 'x1',
    patch: 'one b (a single aligned 4-byte word) replaces the add',
    count: 'stadd (LSE) or an ldxr/stxr loop',
  },
} as const;

/**
 * A probe on the loop body of `int64 sum(int64 n)`: the add becomes a jump to a stub that counts the hit in
 * native memory, calls a JS callback with the registers, runs the add out of line and jumps back. Removing
 * it restores the exact original bytes.
 */
export function probeDemo(options: DemoOptions = {}): DemoReport {
  const narrator = new Narrator(options.onStep);
  const heap = new CodeHeap({ policy: options.policy ?? 'auto' });
  try {
    narrator.step(`chose policy '${heap.policy}'`, { detail: policyExplanation(heap.policy) });
    const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
    const shape = PROGRAMS[arch];
    const body = shape.body;
    const program = liveProgram({ x64: PROGRAMS.x64.listing, arm64: PROGRAMS.arm64.listing });
    const fn = compile(program.code, 'int64 (int64)', { heap });
    const original = fn.block.read(0, program.code.length);
    const plain = fn(10n);
    narrator.step(`compiled ${program.listing} and called it with 10`, { bytes: formatHex(original), value: String(plain) });
    const counters: bigint[] = [];
    const p = probe<AnyRegisterState>(fn, body, (registers) => counters.push((registers as unknown as Record<string, bigint>)[shape.counter]!));
    const patched = fn.block.read(0, program.code.length);
    const stubCode = p.stub.read(0, 64);
    narrator.step(`attached a probe at +${body} ('${p.displaced.join("', '")}')`, {
      bytes: formatHex(patched),
      detail: `before: ${codeListing(original, fn.address)}  after: ${codeListing(patched, fn.address)} (${shape.patch})  stub at 0x${p.stubAddress.toString(16)} starts: ${codeListing(stubCode, p.stubAddress).split('; ').slice(0, 6).join('; ')} …`,
    });
    const probed = fn(3n);
    narrator.step('called it with 3', {
      value: `${probed}; hits ${p.hits}; ${shape.counter} at each hit: ${counters.join(', ')}`,
      detail: `the counter at 0x${p.counterAddress.toString(16)} is native memory the stub increments with ${shape.count}; the JS callback saw the registers as they were before the add ran`,
    });
    p.remove();
    const restored = fn.block.read(0, program.code.length);
    const exact = formatHex(restored) === formatHex(original);
    let twice = '';
    try {
      p.remove();
    } catch (error) {
      twice = (error as Error).message;
    }
    narrator.step('removed the probe (and tried to remove it again)', { bytes: formatHex(restored), detail: `${exact ? 'the original bytes are back exactly' : 'the bytes DIFFER from the original'}; second remove: ${twice || 'accepted (unexpected)'}` });
    const after = fn(10n);
    narrator.step('called it with 10 again', { value: `${after}; hits still ${p.hits}` });
    p.releaseStub();
    fn.dispose();
    const ok = plain === 10000n && probed === 3000n && p.hits === 3n && counters.join(',') === '3,2,1' && exact && twice !== '' && after === 10000n;
    return narrator.report('probe', heap.policy, ok, ok ? 'the probe counted 3 hits with the registers of each, the result stayed right, and removal restored the exact bytes' : `unexpected: results ${plain}/${probed}/${after}, hits ${p.hits}, ${shape.counter} ${counters.join(',')}`);
  } finally {
    heap.dispose();
    narrator.finish();
  }
}

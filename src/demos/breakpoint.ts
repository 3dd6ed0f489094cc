import { formatHex } from '../asm/hex.ts';
import { compile } from '../call/index.ts';
import { CodeHeap, signalAction, SIGTRAP } from '../memory/index.ts';
import { breakpoint } from '../patch/index.ts';
import type { DemoOptions } from './execute.ts';
import { codeListing } from './code-listing.ts';
import { liveProgram } from './live-programs.ts';
import { Narrator, type DemoReport } from './narrator.ts';
import { policyExplanation } from './policy-words.ts';

/**
 * A software breakpoint the way debuggers set one: the first byte of `sub rax, rdi` becomes `int3`; the
 * SIGTRAP it raises is handled by jitkit's generated handler, which counts the hit, records the registers
 * and resumes at an out-of-line copy of `sub`. `remove()` puts the original byte back.
 */
export function breakpointDemo(options: DemoOptions = {}): DemoReport {
  const narrator = new Narrator(options.onStep);
  const heap = new CodeHeap({ policy: options.policy ?? 'auto' });
  try {
    narrator.step(`chose policy '${heap.policy}'`, { detail: policyExplanation(heap.policy) });
    const program = liveProgram({ x64: 'mov rax, rsi; sub rax, rdi; ret' });
    const fn = compile(program.code, 'int64 (int64, int64)', { heap });
    const original = fn.block.read(0, program.code.length);
    narrator.step(`compiled int64 f(a, b) = ${program.listing}`, { bytes: formatHex(original), detail: codeListing(original, fn.address) });
    const bp = breakpoint(fn, 3);
    const patched = fn.block.read(0, program.code.length);
    const handler = signalAction(SIGTRAP);
    narrator.step(`set a breakpoint at +3 ('${bp.displaced}')`, {
      bytes: formatHex(patched),
      detail: `after: ${codeListing(patched, fn.address)} (the bytes after int3 are never executed); SIGTRAP is handled by generated code at 0x${handler.handler.toString(16)} (SA_SIGINFO), which resumes at the out-of-line copy at 0x${bp.resumeAddress.toString(16)}: ${codeListing(bp.outOfLine.read(0, 8), bp.resumeAddress)}`,
    });
    const results = [fn(1n, 10n), fn(2n, 20n), fn(3n, 30n)];
    const registers = bp.registers;
    narrator.step('called f(1, 10), f(2, 20), f(3, 30)', {
      value: `${results.join(', ')}; hits ${bp.hits}; last hit: rdi=${registers?.rdi} rsi=${registers?.rsi} rax=${registers?.rax} rip=0x${registers?.rip.toString(16)}`,
    });
    bp.remove();
    const restored = fn.block.read(0, program.code.length);
    const exact = formatHex(restored) === formatHex(original);
    let twice = '';
    try {
      bp.remove();
    } catch (error) {
      twice = (error as Error).message;
    }
    narrator.step('removed the breakpoint (and tried again)', { bytes: formatHex(restored), detail: `${exact ? 'the exact original bytes are back' : 'the bytes DIFFER'}; second remove: ${twice || 'accepted (unexpected)'}` });
    const after = fn(4n, 40n);
    narrator.step('called f(4, 40)', { value: `${after}; hits still ${bp.hits}` });
    bp.release();
    fn.dispose();
    const ok = results.join(',') === '9,18,27' && registers?.rdi === 3n && registers?.rsi === 30n && registers?.rax === 30n && exact && twice !== '' && after === 36n;
    return narrator.report('breakpoint', heap.policy, ok, ok ? 'three hits recorded with the registers of the last, results unchanged, original bytes restored' : `unexpected: ${results.join(',')}, ${after}, registers ${JSON.stringify(registers, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
  } finally {
    heap.dispose();
    narrator.finish();
  }
}


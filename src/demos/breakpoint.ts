import { formatHex } from '../asm/hex.ts';
import { compile } from '../call/index.ts';
import { CodeHeap, signalAction, SIGTRAP } from '../memory/index.ts';
import { breakpoint, type AnyRegisterState } from '../patch/index.ts';
import type { DemoOptions } from './execute.ts';
import { codeListing } from './code-listing.ts';
import { liveProgram } from './live-programs.ts';
import { Narrator, type DemoReport } from './narrator.ts';
import { policyExplanation } from './policy-words.ts';

/**
 * `int64 f(int64 a, int64 b) = b - a` per architecture, the offset of the subtraction (where the trap goes),
 * the trap's name and the registers that hold a, b and the copy of b when it is reached.
 */
const PROGRAMS = {
  x64: { listing: 'mov rax, rsi; sub rax, rdi; ret', at: 3, trap: 'int3', a: 'rdi', b: 'rsi', copy: 'rax', pc: 'rip', tail: 'the bytes after int3 are never executed' },
  arm64: { listing: 'mov x2, x1; sub x0, x2, x0; ret', at: 4, trap: 'brk #0x6a6b', a: 'x0', b: 'x1', copy: 'x2', pc: 'pc', tail: 'one aligned 4-byte word changed' },
} as const;

/**
 * A software breakpoint the way debuggers set one: the subtraction becomes a trap (x86-64: its first byte
 * `int3`; AArch64: the word `brk #0x6a6b`); the SIGTRAP it raises is handled by jitkit's generated handler,
 * which counts the hit, records the registers and resumes at an out-of-line copy of `sub`. `remove()` puts
 * the original bytes back.
 */
export function breakpointDemo(options: DemoOptions = {}): DemoReport {
  const narrator = new Narrator(options.onStep);
  const heap = new CodeHeap({ policy: options.policy ?? 'auto' });
  try {
    narrator.step(`chose policy '${heap.policy}'`, { detail: policyExplanation(heap.policy) });
    const shape = PROGRAMS[process.arch === 'arm64' ? 'arm64' : 'x64'];
    const program = liveProgram({ x64: PROGRAMS.x64.listing, arm64: PROGRAMS.arm64.listing });
    const fn = compile(program.code, 'int64 (int64, int64)', { heap });
    const original = fn.block.read(0, program.code.length);
    narrator.step(`compiled int64 f(a, b) = ${program.listing}`, { bytes: formatHex(original), detail: codeListing(original, fn.address) });
    const bp = breakpoint<AnyRegisterState>(fn, shape.at);
    const patched = fn.block.read(0, program.code.length);
    const handler = signalAction(SIGTRAP);
    narrator.step(`set a breakpoint at +${shape.at} ('${bp.displaced}' becomes ${shape.trap})`, {
      bytes: formatHex(patched),
      detail: `after: ${codeListing(patched, fn.address)} (${shape.tail}); SIGTRAP is handled by generated code at 0x${handler.handler.toString(16)} (SA_SIGINFO), which resumes at the out-of-line copy at 0x${bp.resumeAddress.toString(16)}: ${codeListing(bp.outOfLine.read(0, 8), bp.resumeAddress)}`,
    });
    const results = [fn(1n, 10n), fn(2n, 20n), fn(3n, 30n)];
    const registers = bp.registers as unknown as Record<string, bigint> | null;
    const named = (name: string) => registers?.[name];
    narrator.step('called f(1, 10), f(2, 20), f(3, 30)', {
      value: `${results.join(', ')}; hits ${bp.hits}; last hit: ${shape.a}=${named(shape.a)} ${shape.b}=${named(shape.b)} ${shape.copy}=${named(shape.copy)} ${shape.pc}=0x${named(shape.pc)?.toString(16)}`,
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
    const ok = results.join(',') === '9,18,27' && named(shape.a) === 3n && named(shape.b) === 30n && named(shape.copy) === 30n && named(shape.pc) === fn.address + BigInt(shape.at) && exact && twice !== '' && after === 36n;
    return narrator.report('breakpoint', heap.policy, ok, ok ? 'three hits recorded with the registers of the last, results unchanged, original bytes restored' : `unexpected: ${results.join(',')}, ${after}, registers ${JSON.stringify(registers, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
  } finally {
    heap.dispose();
    narrator.finish();
  }
}


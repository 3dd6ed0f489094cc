// Breakpoints: int3 + a generated SIGTRAP handler (chained), hit counts and registers, out-of-line resume,
// exact restore, bad input leaving the code intact. The chaining test runs first: the handler captures
// the previous SIGTRAP action when the first breakpoint installs it, once per process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressOf, compile } from '../../src/call/index.ts';
import { CodeHeap, SIGTRAP, UCONTEXT_LAYOUT, installSignalHandler, raiseSignal, signalAction } from '../../src/memory/index.ts';
import { breakpoint, installedTrapHandler } from '../../src/patch/breakpoint.ts';
import { probe, type A64RegisterState } from '../../src/patch/probe.ts';
import { a64TrapHandler, a64TrapHandlerSource } from '../../src/patch/a64-trap-handler.ts';
import { cannotRunCode } from '../support/host.ts';
import { incrementCallsFromWorkers } from '../support/call-from-workers.ts';
import { isJitkitError } from '../../src/errors.ts';
import { llvmAssemble, llvmMissing } from '../support/llvm-assemble.ts';

const x64 = (source: string): Uint8Array => llvmAssemble(source, 'x64');
const skip = process.arch !== 'x64' ? 'x86-64 code (the AArch64 cases follow)' : process.platform !== 'linux' ? 'Linux signals' : llvmMissing;

test('a SIGTRAP that is not a breakpoint goes to the handler installed before jitkit', { skip }, (t) => {
  if (installedTrapHandler() !== null) {
    t.skip('jitkit\'s handler was installed earlier in this process');
    return;
  }
  const heap = new CodeHeap({ policy: 'dual' });
  // The earlier handler: counts its calls in a shared word (void handler(int, siginfo_t *, void *)).
  const counter = new BigInt64Array(new SharedArrayBuffer(8));
  const earlier = compile(x64(`movabs rax, 0x${addressOf(counter).toString(16)}; lock inc qword ptr [rax]; ret`), 'void ()', { heap });
  const original = installSignalHandler(SIGTRAP, earlier.address);
  try {
    const fn = compile(x64('mov rax, rdi; ret'), 'int64 (int64)', { heap });
    const bp = breakpoint(fn, 0);
    assert.notEqual(signalAction(SIGTRAP).handler, earlier.address, 'jitkit installed its own handler');
    assert.equal(fn(9n), 9n);
    assert.equal(bp.hits, 1n);
    assert.equal(Atomics.load(counter, 0), 0n, 'our trap did not reach the earlier handler');
    raiseSignal(SIGTRAP);
    assert.equal(Atomics.load(counter, 0), 1n, 'a foreign SIGTRAP was chained to the earlier handler');
    assert.equal(bp.hits, 1n);
    bp.remove();
    bp.release();
  } finally {
    // `original` is what the process had before the test's handler; jitkit's stays installed (by design)
    // and keeps chaining to `earlier`, whose code must therefore stay mapped: the heap is not disposed.
    void original;
  }
});

test('counts hits, records registers, runs a rip-relative instruction out of line, restores exact bytes', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    // int64 f(int64 a, int64 b) = (address of table) - a + b, through a rip-relative lea.
    const code = x64('lea rax, [rip + table]; sub rax, rdi; add rax, rsi; ret; .p2align 3; table: .quad 0');
    const fn = compile(code, 'int64 (int64, int64)', { heap });
    const table = fn.address + 16n;
    const before = fn.block.read();
    const first = breakpoint(fn, 0);
    const second = breakpoint(fn, 7); // sub rax, rdi
    assert.equal(first.displaced.startsWith('lea rax'), true, first.displaced);
    assert.equal(fn.block.read(0, 1)[0], 0xcc);
    assert.equal(fn.block.read(7, 1)[0], 0xcc);
    assert.equal(first.registers, null);
    for (let i = 1n; i <= 5n; i++) assert.equal(fn(i, 100n * i), table - i + 100n * i);
    assert.equal(first.hits, 5n);
    assert.equal(second.hits, 5n);
    assert.equal(first.registers!.rdi, 5n);
    assert.equal(first.registers!.rsi, 500n);
    assert.equal(first.registers!.rip, fn.address);
    assert.equal(second.registers!.rax, table, 'the relocated lea computed the original rip-relative address');
    assert.equal(second.registers!.rip, fn.address + 7n);
    first.remove();
    second.remove();
    assert.deepEqual(fn.block.read(), before);
    assert.equal(fn(1n, 2n), table + 1n);
    assert.equal(first.hits, 5n, 'no hits after removal');
    assert.throws(() => first.remove(), (error) => isJitkitError(error, 'E_DISPOSED') && /already removed/.test(error.message));
    first.release();
    second.release();
  } finally {
    heap.dispose();
  }
});

test('bad input: mid-instruction offsets, a second breakpoint on a site, an unrelocatable instruction — code left intact', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    const fn = compile(x64('mov eax, 42; ret'), 'int32 ()', { heap });
    const before = fn.block.read();
    assert.throws(() => breakpoint(fn, 2), (error) => isJitkitError(error, 'E_PATCH_BOUNDARY'));
    assert.deepEqual(fn.block.read(), before);
    const bp = breakpoint(fn, 0);
    assert.throws(() => breakpoint(fn, 0), (error) => isJitkitError(error, 'E_UNRELOCATABLE') || isJitkitError(error, 'E_PATCH_RANGE'));
    assert.throws(() => bp.release(), (error) => isJitkitError(error, 'E_PATCH_RANGE'));
    bp.remove();
    bp.release();
    assert.deepEqual(fn.block.read(), before);
    // Rip-relative loads whose targets are ~2 GiB before and after them: from an out-of-line copy placed
    // anywhere else, at least one of the two targets is out of rel32 reach.
    const far = compile(x64('mov rax, qword ptr [rip + 0x7ffffff8]; mov rax, qword ptr [rip - 0x7ffffff8]; ret'), 'int64 ()', { heap });
    const farBefore = far.block.read();
    const refused = [0, 7].filter((offset) => {
      try {
        const set = breakpoint(far, offset);
        set.remove();
        set.release();
        return false;
      } catch (error) {
        assert.ok(isJitkitError(error, 'E_UNRELOCATABLE'), String(error));
        assert.match((error as Error).message, /mov rax,\[/);
        return true;
      }
    });
    assert.ok(refused.length >= 1, 'one of the far rip-relative loads cannot be relocated');
    assert.deepEqual(far.block.read(), farBefore);
  } finally {
    heap.dispose();
  }
});

test('hits from two worker threads on a shared heap are all counted and every result is right', { skip: skip || (process.env.JITKIT_EMULATOR !== undefined && 'threads under the emulator') }, async () => {
  const heap = new CodeHeap({ policy: 'dual', sharedWithThreads: true });
  try {
    const fn = compile(x64('lea rax, [rdi + 1]; ret'), 'int64 (int64)', { heap });
    const bp = breakpoint(fn, 0);
    const calls = 2000;
    const wrong = await incrementCallsFromWorkers(fn.address, calls);
    assert.deepEqual(wrong, [0, 0]);
    assert.equal(bp.hits, BigInt(2 * calls));
    bp.remove();
    bp.release();
  } finally {
    heap.dispose();
  }
});

// --- AArch64 ---------------------------------------------------------------------------------------------
// On the qemu lane the heap is `wx` (qemu-user does not see code rewritten through the dual alias), natively
// the default policy. The chaining test must be the first in the process to set a breakpoint: the lane runs
// every file in one process, so when another file set one earlier it says so and skips.

const a64 = (source: string): Uint8Array => llvmAssemble(source, 'arm64');
const skipA64 = cannotRunCode || (process.arch !== 'arm64' && 'AArch64 code (arm64 lane: scripts/test-arm64.sh test/patch/breakpoint.test.ts)') || llvmMissing;
const a64Policy = process.env['JITKIT_EMULATOR'] === 'qemu-user' ? 'wx' : 'auto';
const wordAt = (block: { read(offset: number, length: number): Uint8Array }, offset: number) => new DataView(block.read(offset, 4).buffer).getUint32(0, true);

test('arm64 handler text: jitkit and llvm-mc assemble it alike, for every previous action and both counting forms', { skip: llvmMissing }, () => {
  const previous = (handler: bigint) => ({ handler, flags: 4, siginfo: true, isDefault: handler === 0n, isIgnored: handler === 1n });
  for (const handler of [0n, 1n, 0x7f00_dead_bee0n]) {
    for (const lse of [true, false]) {
      const plan = { table: 0x5000_0000_1000n, capacity: 256, stride: 320, layout: UCONTEXT_LAYOUT.arm64, signal: SIGTRAP, previous: previous(handler), defaultAction: 0x5000_0001_0000n };
      const source = a64TrapHandlerSource(plan, lse);
      assert.equal(Buffer.from(a64TrapHandler(plan, lse, 0x7000_0000n)).toString('hex'), Buffer.from(a64(source)).toString('hex'), source);
      assert.equal(source.includes('tgkill') || source.includes('#131'), handler === 0n, 'SIG_DFL re-raises with tgkill');
      assert.equal(source.includes('br x16'), handler > 1n, 'a handler is chained to');
    }
  }
});

test('arm64: a SIGTRAP that is not a breakpoint goes to the handler installed before jitkit', { skip: skipA64 }, (t) => {
  // Decided when the test runs, not when the file loads: on the arm64 lane every file shares one process,
  // and another file's tests may have installed jitkit's handler by now.
  if (installedTrapHandler() !== null) {
    t.skip('jitkit\'s handler was installed earlier in this process');
    return;
  }
  const heap = new CodeHeap({ policy: a64Policy });
  const counter = new BigInt64Array(new SharedArrayBuffer(8));
  // void earlier(int, siginfo_t *, void *): ++*counter (one thread here, so a plain increment).
  const earlier = compile(a64(`ldr x9, 1f; ldr x10, [x9]; add x10, x10, #1; str x10, [x9]; ret; .p2align 3; 1: .quad 0x${addressOf(counter).toString(16)}`), 'void ()', { heap });
  installSignalHandler(SIGTRAP, earlier.address);
  const fn = compile(a64('add x0, x0, #1; ret'), 'int64 (int64)', { heap });
  const bp = breakpoint<A64RegisterState>(fn, 0);
  const installed = signalAction(SIGTRAP);
  assert.equal(installed.handler, installedTrapHandler());
  assert.equal(installed.siginfo, true, 'SA_SIGINFO read back at the flags offset of the arm64 sigaction layout');
  assert.equal(fn(9n), 10n);
  assert.equal(bp.hits, 1n);
  assert.equal(Atomics.load(counter, 0), 0n, 'our trap did not reach the earlier handler');
  raiseSignal(SIGTRAP);
  assert.equal(Atomics.load(counter, 0), 1n, 'a foreign SIGTRAP was chained to the earlier handler');
  assert.equal(bp.hits, 1n);
  bp.remove();
  bp.release();
  // jitkit's handler stays installed and keeps chaining to `earlier`, whose code must stay mapped: no dispose.
});

test('arm64: brk at two sites, hits and registers, adr and bl run out of line, flags recorded, exact restore', { skip: skipA64 }, () => {
  const heap = new CodeHeap({ policy: a64Policy });
  try {
    // int64 f(int64 a, int64 b) = 2 * (table - a) + 1 if a < b else table + b; table through adr, helper through bl.
    const code = a64(`
      stp x29, x30, [sp, #-16]!
      adr x2, table
      cmp x0, x1
      b.ge 1f
      sub x0, x2, x0
      bl helper
      add x0, x0, #1
      ldp x29, x30, [sp], #16
      ret
    1: add x0, x2, x1
      ldp x29, x30, [sp], #16
      ret
    helper: lsl x0, x0, #1
      ret
      .p2align 3
    table: .quad 0`);
    const fn = compile(code, 'int64 (int64, int64)', { heap });
    const table = fn.address + 56n;
    const before = fn.block.read();
    const atAdr = breakpoint<A64RegisterState>(fn, 4);
    const atBranch = breakpoint<A64RegisterState>(fn, 12);
    const atCall = breakpoint<A64RegisterState>(fn, 20);
    assert.equal(atAdr.displaced, 'adr x2, #52');
    assert.equal(wordAt(fn.block, 4), (0xd4200000 | (0x6a6b << 5)) >>> 0, 'brk #0x6a6b');
    assert.equal(atAdr.registers, null);
    assert.equal(fn(1n, 5n), 2n * (table - 1n) + 1n);
    assert.equal(fn(8n, 3n), table + 3n);
    assert.equal(fn(2n, 3n), 2n * (table - 2n) + 1n);
    assert.deepEqual([atAdr.hits, atBranch.hits, atCall.hits], [3n, 3n, 2n]);
    assert.equal(atAdr.registers!.x0, 2n);
    assert.equal(atAdr.registers!.x1, 3n);
    assert.equal(atAdr.registers!.pc, fn.address + 4n);
    assert.equal(atBranch.registers!.x2, table, 'the relocated adr computed the original address');
    assert.equal(atBranch.registers!.nzcv >> 28n, 0b1000n, 'N from cmp 2, 3');
    assert.equal(atCall.registers!.x0, table - 2n);
    assert.equal(atCall.registers!.sp % 16n, 0n);
    for (const bp of [atAdr, atBranch, atCall]) bp.remove();
    assert.deepEqual(fn.block.read(), before, 'the exact words are back');
    assert.equal(fn(0n, 1n), 2n * table + 1n);
    assert.equal(atAdr.hits, 3n, 'no hits after removal');
    assert.throws(() => atAdr.remove(), (error) => isJitkitError(error, 'E_DISPOSED') && /already removed/.test(error.message));
    for (const bp of [atAdr, atBranch, atCall]) bp.release();
  } finally {
    heap.dispose();
  }
});

test('arm64 bad input leaves the words intact: mid-word, twice, exclusive, on a probe, release before remove, shared heap', { skip: skipA64 }, () => {
  const heap = new CodeHeap({ policy: a64Policy });
  try {
    // One LL/SC increment of *x0 (a single try: the test runs on one thread), then 42 + 1.
    const fn = compile(a64('ldaxr x1, [x0]; add x1, x1, #1; stlxr w2, x1, [x0]; mov x0, #42; add x0, x0, #1; ret'), 'int64 (void *)', { heap });
    const before = fn.block.read();
    assert.throws(() => breakpoint(fn, 6), (error) => isJitkitError(error, 'E_PATCH_BOUNDARY'));
    assert.throws(() => breakpoint(fn, 0), (error) => isJitkitError(error, 'E_UNRELOCATABLE') && /ldaxr/.test(error.message));
    assert.throws(() => breakpoint(fn, 4), (error) => isJitkitError(error, 'E_UNRELOCATABLE') && /load-exclusive/.test(error.message));
    assert.throws(() => breakpoint(fn, 8), (error) => isJitkitError(error, 'E_UNRELOCATABLE') && /stlxr/.test(error.message));
    assert.deepEqual(fn.block.read(), before);
    const bp = breakpoint(fn, 12);
    assert.throws(() => breakpoint(fn, 12), (error) => isJitkitError(error, 'E_PATCH_RANGE') && /already a breakpoint/.test(error.message));
    assert.throws(() => probe(fn, 12), (error) => isJitkitError(error, 'E_PATCH_RANGE'));
    assert.throws(() => bp.release(), (error) => isJitkitError(error, 'E_PATCH_RANGE'));
    const p = probe(fn, 16);
    assert.throws(() => breakpoint(fn, 16), (error) => isJitkitError(error, 'E_PATCH_RANGE') && /already a probe/.test(error.message));
    const cell = new BigInt64Array(new SharedArrayBuffer(8));
    assert.equal(fn(addressOf(cell)), 43n);
    assert.equal(cell[0], 1n);
    assert.deepEqual([bp.hits, p.hits], [1n, 1n]);
    p.remove();
    bp.remove();
    bp.release();
    p.releaseStub();
    assert.deepEqual(fn.block.read(), before);
  } finally {
    heap.dispose();
  }
  const shared = new CodeHeap({ policy: a64Policy === 'wx' ? 'rwx' : 'dual', sharedWithThreads: true });
  try {
    const fn = compile(a64('nop; add x0, x0, #1; ret'), 'int64 (int64)', { heap: shared });
    const before = fn.block.read();
    assert.throws(() => breakpoint(fn, 4), (error) => isJitkitError(error, 'E_UNSUPPORTED') && /B2\.2\.5/.test(error.message));
    assert.deepEqual(fn.block.read(), before);
    const bp = breakpoint(fn, 0);
    assert.equal(fn(1n), 2n);
    assert.equal(bp.hits, 1n);
    bp.remove();
    bp.release();
    assert.deepEqual(fn.block.read(), before);
  } finally {
    shared.dispose();
  }
});

test('arm64: hits from two worker threads on a shared heap (a nop site, B2.2.5) are all counted and every result is right', { skip: skipA64 }, async () => {
  const heap = new CodeHeap({ policy: a64Policy === 'wx' ? 'rwx' : 'dual', sharedWithThreads: true });
  try {
    const fn = compile(a64('nop; add x0, x0, #1; ret'), 'int64 (int64)', { heap });
    const bp = breakpoint(fn, 0);
    const calls = process.env['JITKIT_EMULATOR'] === undefined ? 2000 : 200;
    const wrong = await incrementCallsFromWorkers(fn.address, calls);
    assert.deepEqual(wrong, [0, 0]);
    assert.equal(bp.hits, BigInt(2 * calls));
    bp.remove();
    bp.release();
  } finally {
    heap.dispose();
  }
});

// Either architecture: a handler installed over jitkit's would receive every trap (and loop on a brk), so
// breakpoint() refuses until jitkit's handler is back, leaving the code as it was.
test('a SIGTRAP handler installed over jitkit\'s is E_STATE for the next breakpoint, and reinstalling jitkit\'s mends it', { skip: cannotRunCode || process.platform !== 'linux' || llvmMissing }, () => {
  const onArm64 = process.arch === 'arm64';
  const heap = new CodeHeap({ policy: onArm64 ? a64Policy : 'dual' });
  const fn = compile(onArm64 ? a64('add x0, x0, #1; ret') : x64('lea rax, [rdi + 1]; ret'), 'int64 (int64)', { heap });
  const before = fn.block.read();
  const first = breakpoint(fn, 0); // makes sure jitkit's handler is installed
  first.remove();
  first.release();
  // Never called: no trap is raised while it is installed. Its code stays mapped (the heap is kept).
  const other = compile(onArm64 ? a64('ret') : x64('ret'), 'void ()', { heap });
  installSignalHandler(SIGTRAP, other.address);
  try {
    assert.throws(() => breakpoint(fn, 0), (error) => isJitkitError(error, 'E_STATE') && /SIGTRAP's action was replaced/.test(error.message) && /installedTrapHandler/.test(error.message));
    assert.deepEqual(fn.block.read(), before, 'no trap written');
  } finally {
    installSignalHandler(SIGTRAP, installedTrapHandler()!);
  }
  const again = breakpoint(fn, 0);
  assert.equal(fn(41n), 42n);
  assert.equal(again.hits, 1n);
  again.remove();
  again.release();
  assert.deepEqual(fn.block.read(), before);
});

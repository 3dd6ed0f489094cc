// Probes: hit counting, register state to JS, out-of-line execution with relocation, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressOf, compile } from '../../src/call/index.ts';
import { CodeHeap } from '../../src/memory/index.ts';
import { probe, type A64RegisterState, type RegisterState } from '../../src/patch/probe.ts';
import { a64ProbeStub, a64ProbeStubSource } from '../../src/patch/a64-probe-stub.ts';
import { isJitkitError } from '../../src/errors.ts';
import { cannotRunCode } from '../support/host.ts';
import { decodeX64 } from '../../src/patch/x64-decode.ts';
import { llvmAssemble, llvmMissing as noLlvm } from '../support/llvm-assemble.ts';

const x64 = (source: string): Uint8Array => llvmAssemble(source, 'x64');

const skip = process.arch !== 'x64' ? 'x86-64 code' : noLlvm;
const at = (code: Uint8Array, index: number) => decodeX64(code)[index]!.offset;

test('counts hits; a rip-relative load and a short jcc run correctly out of line', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    // int64 f(int64 x): x > 0 ? x + table : -1, where `table` is a constant read rip-relative.
    const code = x64(`
      mov rax, qword ptr [rip + table]
      test rdi, rdi
      jle 1f
      add rax, rdi
      ret
    1: mov rax, -1
      ret
      .p2align 3
    table: .quad 1000`);
    const fn = compile(code, 'int64 (int64)', { heap });
    const before = fn.block.read();
    const p1 = probe(fn, 0); // rip-relative mov, 7 bytes
    const p2 = probe(fn, at(code, 1)); // test (3 bytes) + jle short (2 bytes): the jcc is relocated
    assert.deepEqual(p2.displaced.length, 2);
    assert.equal(fn(5n), 1005n);
    assert.equal(fn(-5n), -1n);
    assert.equal(fn(7n), 1007n);
    assert.equal(p1.hits, 3n);
    assert.equal(p2.hits, 3n);
    p1.remove();
    p2.remove();
    assert.deepEqual(fn.block.read(), before, 'remove() restores the exact bytes');
    assert.equal(fn(1n), 1001n);
    assert.equal(p1.hits, 3n);
    assert.throws(() => p1.remove(), { code: 'E_DISPOSED' });
    p1.releaseStub();
    p2.releaseStub();
    fn.dispose();
  } finally {
    heap.dispose();
  }
});

test('onHit receives the registers before the probed instruction; flags and red zone survive', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    // Leaf function using the red zone and flags across the probed instruction.
    const code = x64(`
      mov qword ptr [rsp - 8], rdi
      cmp rdi, rsi
      lea rax, [rdi + rsi]
      mov rcx, qword ptr [rsp - 8]
      setl dl
      movzx edx, dl
      imul rax, rcx
      add rax, rdx
      ret`);
    const fn = compile(code, 'int64 (int64, int64)', { heap });
    const seen: RegisterState[] = [];
    const p = probe(fn, at(code, 2), (registers) => seen.push(registers));
    assert.equal(fn(3n, 4n), (3n + 4n) * 3n + 1n);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.rdi, 3n);
    assert.equal(seen[0]!.rsi, 4n);
    assert.equal(seen[0]!.rip, fn.address + BigInt(at(code, 2)));
    assert.equal(seen[0]!.rflags & 0x80n ? 1 : 0, 1, 'SF from cmp 3,4 visible');
    assert.equal(fn(9n, 2n), 11n * 9n);
    assert.equal(p.hits, 2n);
    p.remove();
    fn.dispose();
  } finally {
    heap.dispose();
  }
});

test('bad input: inside an instruction, jump target inside the range, probe twice, too short', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    const code = x64(`
      xor eax, eax
    1: inc eax
      cmp eax, 10
      jne 1b
      ret`);
    const fn = compile(code, 'int32 ()', { heap });
    const before = fn.block.read();
    assert.throws(() => probe(fn, 1), { code: 'E_PATCH_BOUNDARY' });
    assert.throws(() => probe(fn, 0), { code: 'E_PATCH_BOUNDARY' }, 'the loop jumps to +2, inside a probe at 0');
    assert.throws(() => probe(fn, at(code, 4)), { code: 'E_PATCH_RANGE' }, 'ret is the last byte: no room for a jump');
    const p = probe(fn, at(code, 1));
    assert.throws(() => probe(fn, at(code, 2)), { code: 'E_PATCH_BOUNDARY' }, 'inside the first probe\'s jump');
    assert.equal(fn(), 10);
    assert.equal(p.hits, 10n);
    p.remove();
    assert.deepEqual(fn.block.read(), before);
    fn.dispose();
  } finally {
    heap.dispose();
  }
});

test('an unrelocatable rip-relative operand is E_UNRELOCATABLE naming it, bytes intact', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    // Targets ~2 GiB before and after the function: the stub sits elsewhere, so from the stub one of
    // them is out of rel32 reach. Nothing is read at run time: the function is never called.
    const code = x64('mov rax, qword ptr [rip + 0x7ffffff0]\nmov rax, qword ptr [rip - 0x7ffffff0]\nret');
    const fn = compile(code, 'int64 ()', { heap });
    const before = fn.block.read();
    const errors: Array<{ code?: string; message: string }> = [];
    for (const offset of [0, 7]) {
      try {
        probe(fn, offset).remove();
      } catch (error) {
        errors.push(error as { code?: string; message: string });
      }
    }
    assert.ok(errors.length >= 1, 'at least one of the two is out of reach');
    for (const error of errors) {
      assert.equal(error.code, 'E_UNRELOCATABLE');
      assert.match(error.message, /mov rax,\[/);
    }
    assert.deepEqual(fn.block.read(), before);
    fn.dispose();
  } finally {
    heap.dispose();
  }
});

test('shared with threads: a multi-instruction displacement is refused, a single long instruction works', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual', sharedWithThreads: true });
  try {
    const code = x64('movabs rax, 0x1122334455667788\nadd rax, rdi\nadd rax, rdi\nret');
    const fn = compile(code, 'int64 (int64)', { heap });
    const before = fn.block.read();
    assert.throws(() => probe(fn, 10), { code: 'E_UNSUPPORTED' }); // two 3-byte adds would be displaced
    assert.deepEqual(fn.block.read(), before);
    const p = probe(fn, 0);
    assert.equal(fn(1n), 0x112233445566778an);
    assert.equal(p.hits, 1n);
    p.remove();
    fn.dispose();
  } finally {
    heap.dispose();
  }
});

// --- AArch64 ---------------------------------------------------------------------------------------------
// Programs from llvm-mc; on the qemu lane the heap is `wx` (qemu-user does not see code rewritten through the
// dual alias: test/support/host.ts aliasWritesInvisible), natively the default policy.

const a64 = (source: string): Uint8Array => llvmAssemble(source, 'arm64');
const skipA64 = cannotRunCode || (process.arch !== 'arm64' && 'AArch64 code (arm64 lane: scripts/test-arm64.sh test/patch/probe.test.ts)') || noLlvm;
const a64Policy = process.env['JITKIT_EMULATOR'] === 'qemu-user' ? 'wx' : 'auto';

test('arm64 stub text: jitkit and llvm-mc assemble it to the same bytes (LSE and exclusive counting, with and without JS)', { skip: noLlvm }, () => {
  const word = new DataView(a64('adr x2, #64').buffer).getUint32(0, true);
  for (const lse of [true, false]) {
    for (const callback of [null, 0x7f00_1234_5670n]) {
      const plan = { address: 0x7f00_0000_1000n, word, site: 0x7f00_0020_0000n, counter: 0x5555_0000_0008n, callback, lse };
      const { source } = a64ProbeStubSource(plan);
      assert.equal(Buffer.from(a64ProbeStub(plan).code).toString('hex'), Buffer.from(a64(source)).toString('hex'), source);
      assert.equal(source.includes('stadd'), lse);
      assert.equal(source.includes('ldxr'), !lse);
      assert.equal(source.includes('blr x16'), callback !== null);
    }
  }
});

test('arm64: counts hits; an adr, a literal load and a b.lt run relocated; onHit sees registers, flags survive the JS call', { skip: skipA64 }, () => {
  const heap = new CodeHeap({ policy: a64Policy });
  try {
    // int64 f(int64 x, int64 y) = x < y ? table - y : table + x, with table read through adr and a literal load.
    const code = a64(`
      adr x2, table
      ldr x3, table
      scvtf d1, x0
      cmp x0, x1
      b.lt 1f
      fcvtzs x4, d1
      add x0, x3, x4
      ret
    1: sub x0, x3, x1
      ret
      .p2align 3
    table: .quad 1000`);
    const fn = compile(code, 'int64 (int64, int64)', { heap });
    const before = fn.block.read();
    const seen: A64RegisterState[] = [];
    const atAdr = probe(fn, 0);
    const atLoad = probe(fn, 4);
    const atBranch = probe<A64RegisterState>(fn, 16, (registers) => seen.push(registers));
    assert.deepEqual(atBranch.displaced, ['b.lt #16']);
    assert.equal(new DataView(fn.block.read(16, 4).buffer).getUint32(0, true) >>> 26, 0b000101, 'the site is a b');
    assert.equal(fn(5n, 9n), 1000n - 9n);
    assert.equal(fn(7n, 2n), 1007n);
    assert.equal(fn(-3n, -3n), 997n);
    for (const p of [atAdr, atLoad, atBranch]) assert.equal(p.hits, 3n);
    assert.equal(seen.length, 3);
    assert.equal(seen[0]!.x0, 5n);
    assert.equal(seen[0]!.x1, 9n);
    assert.equal(seen[0]!.x2, fn.address + 40n, 'the relocated adr computed the original address');
    assert.equal(seen[0]!.x3, 1000n, 'the relocated literal load read the table');
    assert.equal(seen[0]!.pc, fn.address + 16n);
    assert.equal(seen[0]!.nzcv >> 28n, 0b1000n, 'N set by cmp 5, 9');
    assert.equal(seen[2]!.nzcv >> 28n, 0b0110n, 'Z and C set by cmp -3, -3');
    assert.equal(seen[0]!.sp % 16n, 0n);
    assert.equal(seen[1]!.sp, seen[0]!.sp, 'the same caller frame each time');
    for (const p of [atAdr, atLoad, atBranch]) p.remove();
    assert.deepEqual(fn.block.read(), before, 'remove() restores the exact words');
    assert.equal(fn(1n, 0n), 1001n);
    assert.equal(atBranch.hits, 3n);
    assert.throws(() => atAdr.remove(), { code: 'E_DISPOSED' });
    for (const p of [atAdr, atLoad, atBranch]) p.releaseStub();
    fn.dispose();
  } finally {
    heap.dispose();
  }
});

test('arm64: the counting stub without FEAT_LSE (exclusive loop) counts and returns', { skip: skipA64 }, () => {
  const heap = new CodeHeap({ policy: a64Policy });
  try {
    const fn = compile(a64('add x0, x0, #5; ret'), 'int64 (int64)', { heap });
    const counter = new BigInt64Array(new SharedArrayBuffer(8));
    const stub = heap.allocate(1024, 16);
    const word = new DataView(fn.block.read(0, 4).buffer).getUint32(0, true);
    stub.write(0, a64ProbeStub({ address: stub.address, word, site: fn.address, counter: addressOf(counter), callback: null, lse: false }).code);
    const branch = new Uint8Array(4);
    new DataView(branch.buffer).setUint32(0, (0x14000000 | (Number((stub.address - fn.address) / 4n) & 0x3ffffff)) >>> 0, true);
    fn.block.writeAtomic(0, branch);
    assert.equal(fn(1n), 6n);
    assert.equal(fn(2n), 7n);
    assert.equal(Atomics.load(counter, 0), 2n);
    fn.dispose();
    stub.free();
  } finally {
    heap.dispose();
  }
});

test('arm64 bad input leaves the words intact: mid-word, outside, twice, exclusive, inside an LL/SC loop, literal data, shared heap', { skip: skipA64 }, () => {
  const heap = new CodeHeap({ policy: a64Policy });
  try {
    const code = a64(`
      retry: ldxr x1, [x0]
      add x1, x1, #1
      stxr w2, x1, [x0]
      cbnz w2, retry
      ldr x0, value
      ret
      .p2align 3
    value: .quad 7`);
    const fn = compile(code, 'int64 (void *)', { heap });
    const before = fn.block.read();
    assert.throws(() => probe(fn, 2), (error) => isJitkitError(error, 'E_PATCH_BOUNDARY') && /inside 'ldxr x1, \[x0\]'/.test(error.message));
    assert.throws(() => probe(fn, code.length), { code: 'E_PATCH_RANGE' });
    assert.throws(() => probe(fn, 0), (error) => isJitkitError(error, 'E_UNRELOCATABLE') && /ldxr/.test(error.message));
    assert.throws(() => probe(fn, 4), (error) => isJitkitError(error, 'E_UNRELOCATABLE') && /load-exclusive 'ldxr/.test(error.message));
    assert.throws(() => probe(fn, 8), (error) => isJitkitError(error, 'E_UNRELOCATABLE') && /stxr/.test(error.message));
    assert.throws(() => probe(fn, 24), (error) => isJitkitError(error, 'E_PATCH_BOUNDARY') && /data/.test(error.message));
    const p = probe(fn, 16);
    assert.throws(() => probe(fn, 16), (error) => isJitkitError(error, 'E_PATCH_RANGE') && /already a probe/.test(error.message));
    const cell = new BigInt64Array(new SharedArrayBuffer(8));
    assert.equal(fn(addressOf(cell)), 7n);
    assert.equal(cell[0], 1n);
    assert.equal(p.hits, 1n);
    p.remove();
    p.releaseStub();
    assert.deepEqual(fn.block.read(), before);
    fn.dispose();
  } finally {
    heap.dispose();
  }
  const shared = new CodeHeap({ policy: a64Policy === 'wx' ? 'rwx' : 'dual', sharedWithThreads: true });
  try {
    const fn = compile(a64('nop; add x0, x0, #1; ret'), 'int64 (int64)', { heap: shared });
    const before = fn.block.read();
    assert.throws(() => probe(fn, 4), (error) => isJitkitError(error, 'E_UNSUPPORTED') && /B2\.2\.5/.test(error.message));
    assert.deepEqual(fn.block.read(), before);
    const p = probe(fn, 0);
    assert.equal(fn(1n), 2n);
    assert.equal(p.hits, 1n);
    p.remove();
    assert.deepEqual(fn.block.read(), before);
  } finally {
    shared.dispose();
  }
});

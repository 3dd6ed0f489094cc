// Probes: hit counting, register state to JS, out-of-line execution with relocation, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/call/index.ts';
import { CodeHeap } from '../../src/memory/index.ts';
import { probe, type RegisterState } from '../../src/patch/probe.ts';
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

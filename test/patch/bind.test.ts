// bind() trampolines and callback() pointers into JS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import koffi from 'koffi';
import { compile } from '../../src/call/index.ts';
import { CodeHeap } from '../../src/memory/index.ts';
import { bind, bindAs } from '../../src/patch/bind.ts';
import { callback } from '../../src/call/index.ts';
import { llvmAssemble, llvmMissing as noLlvm } from '../support/llvm-assemble.ts';

const x64 = (source: string): Uint8Array => llvmAssemble(source, 'x64');

const skip = process.arch !== 'x64' ? 'x86-64 code' : noLlvm;

test('bind inserts the context as the first argument and shifts the others (5 integers + a double)', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    // int64 f(int64 *ctx, a, b, c, d, e, double x) = *ctx + a + 2b + 3c + 4d + 5e + (int)x
    const target = compile(x64(`
      mov rax, qword ptr [rdi]
      add rax, rsi
      lea rax, [rax + 2*rdx]
      imul rcx, rcx, 3
      add rax, rcx
      lea rax, [rax + 4*r8]
      imul r9, r9, 5
      add rax, r9
      cvttsd2si rcx, xmm0
      add rax, rcx
      ret`), 'int64 (int64 *, int64, int64, int64, int64, int64, double)', { heap });
    const cell = new BigInt64Array([1000n]);
    const bound = bindAs('int64 (int64, int64, int64, int64, int64, double)', target, koffi.address(cell) as bigint, { heap });
    assert.equal(bound(1n, 2n, 3n, 4n, 5n, 6.9), 1000n + 1n + 4n + 9n + 16n + 25n + 6n);
    cell[0] = 7n;
    assert.equal(bound(0n, 0n, 0n, 0n, 0n, 0), 7n, 'the context is a pointer: the target sees the cell as it is now');
    bound.dispose();
    target.dispose();
  } finally {
    heap.dispose();
  }
});

test('bind refuses a first parameter that cannot hold a context, and too many integer arguments', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    const f = compile(x64('ret'), 'void (double)', { heap });
    assert.throws(() => bind(f, 1n, { heap }), { code: 'E_SIGNATURE_MISMATCH' });
    const g = compile(x64('ret'), 'void (void *, int64, int64, int64, int64, int64, int64)', { heap });
    assert.throws(() => bind(g, 1n, { heap }), { code: 'E_UNSUPPORTED' });
    assert.equal(heap.stats().blocks, 2, 'no trampoline was left behind');
  } finally {
    heap.dispose();
  }
});

test('callback: generated code calls into JS; bind + callback gives a context to a JS callback', { skip }, () => {
  const heap = new CodeHeap({ policy: 'dual' });
  try {
    const seen: Array<[bigint, number]> = [];
    const js = callback((context: bigint | number, x: number) => {
      seen.push([BigInt(context), x]); // koffi passes int64 as a number when it fits
      return x * 2 + Number(context);
    }, 'int32 (int64, int32)');
    // int32 apply(int32 (*fn)(int32), int32 x): tail-calls fn(x)
    const apply = compile(x64('mov rax, rdi\nmov edi, esi\njmp rax'), 'int32 (void *, int32)', { heap });
    const bound = bind({ address: js.address, signature: js.signature }, 100n, { heap });
    assert.equal(bound.signatureText, 'int32 (int32)');
    assert.equal(apply(bound.address, 21), 142);
    assert.deepEqual(seen, [[100n, 21]]);
    bound.dispose();
    js.dispose();
    assert.equal(js.isDisposed, true);
    apply.dispose();
  } finally {
    heap.dispose();
  }
});

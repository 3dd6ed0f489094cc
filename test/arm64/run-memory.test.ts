// Generated A64 loads and stores through memory that JS owns (TypedArrays passed as pointers without a
// copy): every addressing mode the runtime code uses, element widths and sign extension, pairs, and an LSE
// atomic. Results are checked against the same computation on the TypedArrays in JS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile } from '../../src/call/index.ts';
import { a64, cannotRunA64, runOptions } from './run-assemble.ts';

const runs = { numRuns: 100 };

test('ldrsw with post-index sums an Int32Array into 64 bits', { skip: cannotRunA64 }, () => {
  const sum = compile(a64(`
        mov  x2, #0
        cbz  x1, l2
    l1:  ldrsw x3, [x0], #4        // load, sign-extend, then advance the pointer
        add  x2, x2, x3
        subs x1, x1, #1
        b.ne l1
    l2:  mov  x0, x2
        ret`), 'int64 (int32 *, int64)', runOptions);
  fc.assert(fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 64 }), (values) => {
    const array = Int32Array.from(values);
    assert.equal(sum(array, array.length), values.reduce((acc, value) => acc + BigInt(value), 0n));
  }), runs);
});

test('register-offset ldr/str (lsl #3) scale a Float64Array in place by another', { skip: cannotRunA64 }, () => {
  // dst[i] = dst[i] * k + src[i], with fmul and fadd kept separate (no fused rounding) to match JS.
  const axpy = compile(a64(`
        mov  x3, #0
        cbz  x2, l2
    l1:  ldr  d1, [x0, x3, lsl #3]
        ldr  d2, [x1, x3, lsl #3]
        fmul d1, d1, d0
        fadd d1, d1, d2
        str  d1, [x0, x3, lsl #3]
        add  x3, x3, #1
        cmp  x3, x2
        b.lo l1
    l2:  ret`), 'void (double *, double *, int64, double)', runOptions);
  fc.assert(fc.property(fc.array(fc.tuple(fc.double(), fc.double()), { maxLength: 32 }), fc.double(), (pairs, k) => {
    const dst = Float64Array.from(pairs, ([d]) => d);
    const src = Float64Array.from(pairs, ([, s]) => s);
    const expected = Float64Array.from(pairs, ([d, s]) => d * k + s);
    axpy(dst, src, dst.length, k);
    assert.deepEqual(dst, expected);
  }), runs);
});

test('ldrb/strb reverse a Uint8Array in place from both ends', { skip: cannotRunA64 }, () => {
  const reverse = compile(a64(`
        cbz  x1, l2
        add  x1, x0, x1
        sub  x1, x1, #1
    l1:  cmp  x0, x1
        b.hs l2
        ldrb w2, [x0]
        ldrb w3, [x1]
        strb w3, [x0], #1
        strb w2, [x1], #-1
        b    l1
    l2:  ret`), 'void (uint8 *, int64)', runOptions);
  fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
    const copy = Uint8Array.from(bytes);
    reverse(copy, copy.length);
    assert.deepEqual(copy, Uint8Array.from(bytes).reverse());
  }), runs);
});

test('ldrsb/ldrh and unscaled, pre-indexed forms read signed and unsigned elements', { skip: cannotRunA64 }, () => {
  const signedByte = compile(a64('ldrsb x0, [x0, x1]\nret'), 'int64 (int8 *, int64)', runOptions);
  const halfword = compile(a64('ldrh w0, [x0, #6]\nret'), 'uint32 (uint16 *)', runOptions);
  // Pre-index: x0 += 8 first, then load from it; ldur with a negative unscaled offset reads the previous word.
  const preThenBack = compile(a64('ldr x1, [x0, #8]!\nldur x2, [x0, #-8]\nsub x0, x1, x2\nret'), 'int64 (int64 *)', runOptions);
  const bytes = Int8Array.of(-128, -1, 0, 1, 127, -56);
  bytes.forEach((value, index) => assert.equal(signedByte(bytes, index), BigInt(value)));
  assert.equal(halfword(Uint16Array.of(1, 2, 3, 0xfedc)), 0xfedc);
  assert.equal(preThenBack(BigInt64Array.of(1000n, -234n)), -1234n);
});

test('ldp/stp swap the halves of every 16-byte pair, with pre- and post-index writeback', { skip: cannotRunA64 }, () => {
  const swapPairs = compile(a64(`
        cbz  x1, l2
        sub  x0, x0, #16
    l1:  ldp  x2, x3, [x0, #16]!
        stp  x3, x2, [x0]
        subs x1, x1, #1
        b.ne l1
    l2:  ret`), 'void (int64 *, int64)', runOptions);
  const pairs = BigInt64Array.of(1n, 2n, -3n, 4n, 5n, 1n << 62n);
  swapPairs(pairs, pairs.length / 2);
  assert.deepEqual(pairs, BigInt64Array.of(2n, 1n, 4n, -3n, 1n << 62n, 5n));
  const post = compile(a64('ldp w2, w3, [x0], #8\nstp w3, w2, [x0]\nret'), 'void (int32 *)', runOptions);
  const words = Int32Array.of(7, 8, 0, 0);
  post(words);
  assert.deepEqual(words, Int32Array.of(7, 8, 8, 7));
});

test('float (s-register) loads accumulate with single rounding per step like Math.fround', { skip: cannotRunA64 }, () => {
  const sum = compile(a64(`
        fmov d0, xzr
        cbz  x1, l2
    l1:  ldr  s1, [x0], #4
        fadd s0, s0, s1
        subs x1, x1, #1
        b.ne l1
    l2:  ret`), 'float (float *, int64)', runOptions);
  fc.assert(fc.property(fc.array(fc.float({ noNaN: true }), { maxLength: 40 }), (values) => {
    const array = Float32Array.from(values);
    const expected = array.reduce((acc, value) => Math.fround(acc + value), 0);
    assert.equal(sum(array, array.length), expected);
  }), runs);
});

test('LSE ldadd returns the old value and adds atomically in memory', { skip: cannotRunA64 }, () => {
  const fetchAdd = compile(a64('ldaddal x1, x0, [x0]\nret'), 'int64 (int64 *, int64)', runOptions);
  const cell = BigInt64Array.of(40n);
  assert.equal(fetchAdd(cell, 2n), 40n);
  assert.equal(fetchAdd(cell, -50n), 42n);
  assert.equal(cell[0], -8n);
});

// Generated A64 arithmetic executes with the results the architecture defines, checked against the same
// computation in JS (BigInt wrapped to 64 bits, IEEE doubles) on random and edge-case inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile } from '../../src/call/index.ts';
import { a64, cannotRunA64, runOptions } from './run-assemble.ts';

const i64 = (value: bigint): bigint => BigInt.asIntN(64, value);
const u64 = (value: bigint): bigint => BigInt.asUintN(64, value);
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const edgeInt64 = fc.oneof(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), fc.constantFrom(0n, 1n, -1n, INT64_MIN, INT64_MAX, 7n, -8n));
const edgeUint64 = fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.constantFrom(0n, 1n, (1n << 64n) - 1n, 1n << 63n));
const runs = { numRuns: 300 };

test('shifted-register add/sub/eor and madd wrap at 64 bits', { skip: cannotRunA64 }, () => {
  const fn = compile(a64(`
    madd x2, x0, x1, x1        // a*b + b
    sub  x2, x2, x0, asr #3    // - (a >> 3), arithmetic
    eor  x0, x2, x1, lsl #7    // ^ (b << 7)
    ret`), 'int64 (int64, int64)', runOptions);
  fc.assert(fc.property(edgeInt64, edgeInt64, (a, b) => {
    const expected = i64(i64(i64(a * b + b) - (a >> 3n)) ^ i64(b << 7n));
    assert.equal(fn(a, b), expected);
  }), runs);
});

test('sdiv/udiv follow A64 rules: truncation, x/0 = 0, INT64_MIN/-1 = INT64_MIN (no trap)', { skip: cannotRunA64 }, () => {
  const signed = compile(a64('sdiv x0, x0, x1\nret'), 'int64 (int64, int64)', runOptions);
  const unsigned = compile(a64('udiv x0, x0, x1\nret'), 'uint64 (uint64, uint64)', runOptions);
  fc.assert(fc.property(edgeInt64, edgeInt64, (a, b) => {
    assert.equal(signed(a, b), b === 0n ? 0n : i64(a / b));
  }), runs);
  fc.assert(fc.property(edgeUint64, edgeUint64, (a, b) => {
    assert.equal(unsigned(a, b), b === 0n ? 0n : a / b);
  }), runs);
  assert.equal(signed(INT64_MIN, -1n), INT64_MIN);
});

test('umulh/smulh give the high half of the 128-bit product', { skip: cannotRunA64 }, () => {
  const high = compile(a64('umulh x0, x0, x1\nret'), 'uint64 (uint64, uint64)', runOptions);
  const signedHigh = compile(a64('smulh x0, x0, x1\nret'), 'int64 (int64, int64)', runOptions);
  fc.assert(fc.property(edgeUint64, edgeUint64, (a, b) => {
    assert.equal(high(a, b), (a * b) >> 64n);
  }), runs);
  fc.assert(fc.property(edgeInt64, edgeInt64, (a, b) => {
    assert.equal(signedHigh(a, b), i64((a * b) >> 64n));
  }), runs);
});

test('clz, rbit and rev on 64-bit values', { skip: cannotRunA64 }, () => {
  const clz = compile(a64('clz x0, x0\nret'), 'uint64 (uint64)', runOptions);
  const rbit = compile(a64('rbit x0, x0\nret'), 'uint64 (uint64)', runOptions);
  const rev = compile(a64('rev x0, x0\nret'), 'uint64 (uint64)', runOptions);
  fc.assert(fc.property(edgeUint64, (a) => {
    const bits = a.toString(2).padStart(64, '0');
    assert.equal(clz(a), BigInt(a === 0n ? 64 : bits.indexOf('1')));
    assert.equal(rbit(a), BigInt(`0b${[...bits].reverse().join('')}`));
    const bytes = a.toString(16).padStart(16, '0').match(/../g)!;
    assert.equal(rev(a), BigInt(`0x${bytes.reverse().join('')}`));
  }), runs);
});

test('cmp + cset/csel select on signed and unsigned conditions', { skip: cannotRunA64 }, () => {
  const lessThan = compile(a64('cmp x0, x1\ncset w0, lt\nret'), 'int32 (int64, int64)', runOptions);
  const unsignedMax = compile(a64('cmp x0, x1\ncsel x0, x0, x1, hi\nret'), 'uint64 (uint64, uint64)', runOptions);
  fc.assert(fc.property(edgeInt64, edgeInt64, (a, b) => {
    assert.equal(lessThan(a, b), a < b ? 1 : 0);
    assert.equal(unsignedMax(u64(a), u64(b)), u64(a) > u64(b) ? u64(a) : u64(b));
  }), runs);
});

test('32-bit operations wrap at 32 bits and zero the upper half', { skip: cannotRunA64 }, () => {
  // The `uint64` result exposes all of x0: writing w0 must clear bits 63..32.
  const add32 = compile(a64('add w0, w0, w1\nret'), 'uint64 (int32, int32)', runOptions);
  fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (a, b) => {
    assert.equal(add32(a, b), BigInt((a + b) >>> 0));
  }), runs);
});

test('double arithmetic is IEEE 754 round-to-nearest like JS', { skip: cannotRunA64 }, () => {
  const fn = compile(a64(`
    fmul d2, d0, d1
    fsub d2, d2, d0
    fabs d2, d2
    fsqrt d0, d2
    ret`), 'double (double, double)', runOptions);
  fc.assert(fc.property(fc.double(), fc.double(), (a, b) => {
    assert.equal(fn(a, b), Math.sqrt(Math.abs(a * b - a)));
  }), runs);
});

test('fcvtzs saturates and maps NaN to 0; scvtf rounds to nearest', { skip: cannotRunA64 }, () => {
  const toInt = compile(a64('fcvtzs x0, d0\nret'), 'int64 (double)', runOptions);
  const toDouble = compile(a64('scvtf d0, x0\nret'), 'double (int64)', runOptions);
  fc.assert(fc.property(fc.double(), (x) => {
    const expected = Number.isNaN(x) ? 0n : x >= 2 ** 63 ? INT64_MAX : x <= -(2 ** 63) ? INT64_MIN : BigInt(Math.trunc(x));
    assert.equal(toInt(x), expected);
  }), runs);
  fc.assert(fc.property(edgeInt64, (a) => {
    assert.equal(toDouble(a), Number(a));
  }), runs);
});

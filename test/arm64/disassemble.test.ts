import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Arm64Assembler } from '../../src/arm64/assembler.ts';
import { disassembleArm64, assembleArm64 } from '../../src/arm64/index.ts';
import { methodName } from '../../src/arm64/method-name.ts';
import { ELEMENT_CLASSES } from '../../src/arm64/operand-classes.ts';
import { allForms } from '../../src/arm64/table.ts';
import { tableSamples } from './table-samples.ts';
import { decodeWith } from './table-samples.ts';
import { hex, llvmDisassemble, llvmEncode } from './llvm-oracle.ts';

const forms = allForms.filter((form) => form.macro === undefined);

function assembleFluent(mnemonic: string, operands: readonly unknown[]): Uint8Array | undefined {
  try {
    const a = new Arm64Assembler({ initialCapacity: 64 }) as unknown as Record<string, (...args: unknown[]) => Arm64Assembler>;
    return a[methodName(mnemonic)]!(...operands).finalize();
  } catch {
    return undefined;
  }
}

test('assemble -> disassemble -> assemble gives the same bytes (any form, any field values)', () => {
  let checked = 0;
  fc.assert(
    fc.property(fc.nat({ max: forms.length - 1 }), fc.integer({ min: 0, max: 0xffffffff }), (index, fields) => {
      const form = forms[index]!;
      const operands = decodeWith(form, (form.bits | (fields & ~form.mask)) >>> 0);
      if (operands === undefined) return;
      const bytes = assembleFluent(form.mnemonic, operands);
      if (bytes === undefined) return; // e.g. a CONSTRAINED UNPREDICTABLE register overlap
      checked++;
      const lines = disassembleArm64(bytes);
      assert.equal(lines.length, 1);
      assert.ok(!lines[0]!.startsWith('.inst'), `${hex(bytes)} was not recognised`);
      assert.equal(hex(assembleArm64(lines[0]!)), hex(bytes), lines[0]);
    }),
    { numRuns: 20000 },
  );
  assert.ok(checked > 10000, `only ${checked} runs produced an instruction`);
});

test('any 32-bit word the disassembler names assembles back to itself', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), (word) => {
      const bytes = new Uint8Array(new Uint32Array([word]).buffer);
      const [line] = disassembleArm64(bytes);
      assert.equal(hex(assembleArm64(line!)), hex(bytes), line);
    }),
    { numRuns: 20000 },
  );
});

test('disassembly is LLVM-style text that llvm-mc assembles to the same bytes', () => {
  const program = `
    stp x29, x30, [sp, #-32]!
    mov x29, sp
    mov w0, #42
    movk x1, #0x1234, lsl #16
    add x0, x1, #4096
    cmp x0, #3
    cset w2, ne
    lsl x3, x4, #7
    ubfx w5, w6, #3, #9
    ldr x7, [x8, w9, sxtw #3]
    ldaddal w0, w1, [sp]
    fmla v0.4s, v1.4s, v2.s[3]
    fmul s0, s1, v2.s[3]
    fmulx d3, d4, v31.d[1]
    fmls v5.2d, v6.2d, v7.d[0]
    mla v8.8h, v9.8h, v15.h[7]
    fmulx v10.2s, v11.2s, v12.2s
    smlal2 v13.4s, v14.8h, v0.h[5]
    sqrdmulh s1, s2, v3.s[2]
    mov v3.d[1], x4
    ld1 { v0.16b, v1.16b, v2.16b }, [x0], x5
    movi d0, #0xff00ff00ff00ff00
    movi v1.2s, #3, msl #16
    mvni v2.8h, #255, lsl #8
    ld1 { v0.s }[1], [x0]
    st4 { v31.b, v0.b, v1.b, v2.b }[15], [sp], #4
    ld2 { v4.d, v5.d }[1], [x1], x2
    ld3r { v6.8h, v7.8h, v8.8h }, [x3], #6
    st3 { v9.2s, v10.2s, v11.2s }, [x4], #24
    prfm pldl1keep, [x0, #64]
    prfm pstl3strm, [x1, x2, lsl #3]
    prfm #24, [x0]
    prfum plil2strm, [x3, #-1]
    casp x30, xzr, x2, x3, [sp]
    caspal w4, w5, w6, w7, [x8]
    dmb ishld
    mrs x0, ctr_el0
    ldp x29, x30, [sp], #32
    ret`;
  const bytes = assembleArm64(program);
  const lines = disassembleArm64(bytes, 0x400000n);
  assert.equal(lines.length, bytes.length / 4);
  assert.equal(lines[2], 'mov w0, #42');
  assert.equal(lines[6], 'cset w2, ne');
  const oracle = llvmEncode(lines);
  assert.equal(oracle.map((r) => ('bytes' in r ? hex(r.bytes) : r.error)).join(' '), hex(bytes));
});

test('words outside the table print as .inst and bytes past the last word as .byte', () => {
  const lines = disassembleArm64(Uint8Array.from([0x00, 0x00, 0x00, 0x00, 0x1f, 0x20, 0x03, 0xd5, 0xaa]));
  assert.deepEqual(lines, ['.inst 0x00000000', 'nop', '.byte 0xaa']);
  assert.deepEqual(assembleArm64(lines.join('\n')), Uint8Array.from([0, 0, 0, 0, 0x1f, 0x20, 0x03, 0xd5, 0xaa]));
});

test('PC-relative targets get their absolute address when a load address is given', () => {
  const lines = disassembleArm64(assembleArm64('b #8\nadrp x0, #8192\nbl #-4'), 0x10000n);
  assert.deepEqual(lines, ['b #8 // 0x10008', 'adrp x0, #8192 // 0x12000', 'bl #-4 // 0x10004']);
});

test('the by-element forms and fmulx disassemble as llvm-mc prints them', () => {
  // Every sample of the "x indexed element" forms (vector and scalar: a third operand that is an element)
  // and of fmulx: the lane bits H:L:M / H:L / H and the 4-bit Rm of the .h forms must decode to the lane and
  // register llvm-mc shows, and the widening ones to their "2" mnemonic where Q = 1.
  const samples = tableSamples(12).filter((sample) => sample.mnemonic === 'fmulx' || (sample.form.count === 3 && ELEMENT_CLASSES.includes(sample.form.accepts2 as never)));
  const words = samples.map((sample) => new DataView(assembleArm64(sample.text).buffer).getUint32(0, true));
  const expected = llvmDisassemble(words, ['fullfp16']);
  const actual = words.map((word) => disassembleArm64(new Uint8Array(new Uint32Array([word]).buffer))[0]);
  assert.ok(samples.length > 800, `only ${samples.length} samples`);
  assert.deepEqual(actual, expected);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arm64Assembler } from '../../src/arm64/assembler.ts';
import { lo12, mem } from '../../src/arm64/operands.ts';
import { w3, x0, x1, x2 } from '../../src/arm64/registers.ts';
import type { Label } from '../../src/asm/label.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isJitkitError } from '../../src/errors.ts';
import { LLVM_MC, llvmAssemble } from '../support/llvm-assemble.ts';
import { hex, llvmEncode } from './llvm-oracle.ts';

/**
 * Every fixup format (imm26, imm19, imm14, adr, adrp, :lo12: for add and scaled loads) resolved by jitkit
 * must give the bytes llvm-mc gives for the same instruction written with the resolved offset.
 */

function wordAt(bytes: Uint8Array, at: number): string {
  return hex(bytes.subarray(at, at + 4));
}

type Emit = (a: Arm64Assembler, target: Label | bigint) => void;
const labelForms: [string, Emit, (offset: number) => string][] = [
  ['b', (a, t) => a.b(t as Label), (d) => `b #${d}`],
  ['bl', (a, t) => a.bl(t as Label), (d) => `bl #${d}`],
  ['b.ne', (a, t) => a.b_ne(t as Label), (d) => `b.ne #${d}`],
  ['cbz', (a, t) => a.cbz(x1, t as Label), (d) => `cbz x1, #${d}`],
  ['cbnz', (a, t) => a.cbnz(w3, t as Label), (d) => `cbnz w3, #${d}`],
  ['ldr literal', (a, t) => a.ldr(x2, t as Label), (d) => `ldr x2, #${d}`],
  ['tbz', (a, t) => a.tbz(x1, 37, t as Label), (d) => `tbz x1, #37, #${d}`],
  ['tbnz', (a, t) => a.tbnz(w3, 5, t as Label), (d) => `tbnz w3, #5, #${d}`],
  ['adr', (a, t) => a.adr(x0, t as Label), (d) => `adr x0, #${d}`],
];
const reach: Record<string, number> = { b: 1 << 27, bl: 1 << 27, 'b.ne': 1 << 20, cbz: 1 << 20, cbnz: 1 << 20, 'ldr literal': 1 << 20, tbz: 1 << 15, tbnz: 1 << 15, adr: 1 << 20 };

test('label fixups (imm26, imm19, imm14, adr) match llvm-mc at near and far distances, forward and backward', () => {
  const cases: { text: string; actual: string }[] = [];
  for (const [name, emit, text] of labelForms) {
    const limit = reach[name]!;
    const distances = [0, 4, -4, 4096, -4096];
    if (limit <= 1 << 20) distances.push(limit - 4, -limit); // padding up to 1 MiB keeps the test quick
    for (const distance of distances) {
      const a = new Arm64Assembler();
      const target = a.newLabel();
      let at: number;
      if (distance >= 0) {
        at = a.position;
        emit(a, target);
        a.bytes(new Uint8Array(Math.max(0, distance - 4)));
        if (distance === 0) {
          // A branch to itself: bind the label at the instruction.
          const self = new Arm64Assembler();
          const here = self.newLabel();
          self.bind(here);
          emit(self, here);
          cases.push({ text: text(0), actual: wordAt(self.finalize(), 0) });
          continue;
        }
        a.bind(target);
      } else {
        a.bind(target);
        a.bytes(new Uint8Array(-distance));
        at = a.position;
        emit(a, target);
      }
      cases.push({ text: text(distance), actual: wordAt(a.finalize(), at) });
    }
    // Range ends of imm26 without 128 MiB of padding: an absolute target reached through the load address.
    if (limit > 1 << 20) {
      for (const distance of [limit - 4, -limit]) {
        const a = new Arm64Assembler();
        emit(a, 0x40000000n + BigInt(distance));
        cases.push({ text: text(distance), actual: wordAt(a.finalize(0x40000000n), 0) });
      }
    }
  }
  const oracle = llvmEncode(cases.map((c) => c.text));
  cases.forEach((c, i) => {
    const expected = oracle[i]!;
    assert.ok('bytes' in expected, `${c.text}: ${'error' in expected ? expected.error : ''}`);
    assert.equal(c.actual, hex(expected.bytes), c.text);
  });
  assert.ok(cases.length >= 60);
});

test('adrp + add/ldr :lo12: pairs depend on the load address and match llvm-mc', () => {
  const texts: string[] = [];
  const actual: string[] = [];
  for (const base of [0n, 0x12345678000n, 0x7fff_ffff_f000n, 0x1ff8n]) {
    const a = new Arm64Assembler();
    const data = a.newLabel();
    a.adrp(x0, data).add(x0, x0, lo12(data)).adrp(x1, data).ldr(x2, mem(x1, lo12(data)));
    a.bytes(new Uint8Array(0x2340 - a.position));
    a.bind(data);
    a.bytes(new Uint8Array(8));
    const bytes = a.finalize(base);
    const target = base + 0x2340n;
    const page0 = (target >> 12n) - (base >> 12n);
    const page2 = (target >> 12n) - ((base + 8n) >> 12n);
    const low = target & 0xfffn;
    texts.push(`adrp x0, #${page0 * 4096n}`, `add x0, x0, #${low}`, `adrp x1, #${page2 * 4096n}`, `ldr x2, [x1, #${low}]`);
    for (let i = 0; i < 4; i++) actual.push(wordAt(bytes, i * 4));
  }
  // An external (absolute) target, too.
  const external = new Arm64Assembler();
  external.adrp(x0, 0x5555_1234_5678n).add(x0, x0, lo12(0x5555_1234_5678n));
  const ext = external.finalize(0x5555_0000_1000n);
  texts.push(`adrp x0, #${((0x5555_1234_5678n >> 12n) - (0x5555_0000_1000n >> 12n)) * 4096n}`, 'add x0, x0, #1656');
  actual.push(wordAt(ext, 0), wordAt(ext, 4));
  const oracle = llvmEncode(texts);
  texts.forEach((text, i) => {
    const expected = oracle[i]!;
    assert.ok('bytes' in expected, text);
    assert.equal(actual[i], hex(expected.bytes), text);
  });
});

test('labels in text and template: named, forward and backward, interpolated', () => {
  const a = new Arm64Assembler();
  const exit = a.newLabel('exit');
  a.a64`
    loop:
      subs x0, x0, #${1}
      b.ne loop
      cbz ${x1}, ${exit}
      b loop
  `;
  a.bind(exit).ret();
  const text = new Arm64Assembler().assemble('loop: subs x0, x0, #1\nb.ne loop\ncbz x1, exit\nb loop\nexit: ret').finalize();
  assert.deepEqual(a.finalize(), text);
  const oracle = llvmEncode(['subs x0, x0, #1', 'b.ne #-4', 'cbz x1, #8', 'b #-12', 'ret']);
  assert.equal(hex(text), oracle.map((r) => ('bytes' in r ? hex(r.bytes) : r.error)).join(' '));
});

test('labels are checked: bound twice, or used by another assembler', () => {
  const a = new Arm64Assembler();
  const l = a.newLabel();
  a.bind(l);
  assert.throws(() => a.bind(l), /already bound/);
  const other = new Arm64Assembler();
  assert.throws(() => other.b(l), /another assembler/);
});

test('numeric local labels (1:, 1b, 1f) resolve to the nearest definition backward or forward, as GNU as and llvm-mc do', () => {
  // Each line pairs the text with the same instruction written with the offset the GNU rule gives.
  const program: [string, string][] = [
    ['1: add x0, x0, #1', 'add x0, x0, #1'],
    ['cbnz x0, 1b', 'cbnz x0, #-4'],
    ['b 1f', 'b #8'],
    ['b 2f', 'b #12'],
    ['1: sub x1, x1, #1', 'sub x1, x1, #1'],
    ['b.ne 1b', 'b.ne #-4'],
    ['2: ret', 'ret'],
    ['b 1b', 'b #-12'],
  ];
  const bytes = new Arm64Assembler().assemble(program.map(([text]) => text).join('\n')).finalize();
  const expected = llvmEncode(program.map(([, resolved]) => resolved));
  program.forEach(([text], i) => {
    const want = expected[i]!;
    assert.ok('bytes' in want, `llvm-mc rejected ${program[i]![1]}`);
    assert.equal(wordAt(bytes, i * 4), hex(want.bytes), text);
  });
});

test('numeric local labels: a backward reference with no definition and a forward one never defined are errors', () => {
  assert.throws(() => new Arm64Assembler().assemble('b 3b'), (error: { code?: string; message: string }) => error.code === 'E_SYNTAX' && /no '3:' comes before it/.test(error.message));
  const a = new Arm64Assembler().assemble('1:\nb 1f');
  assert.throws(() => a.finalize(), (error: { code?: string }) => error.code === 'E_LABEL');
});

/** `.+n` in each spelling llvm-mc takes: `.`, `.+n`, `. - n`, hex. */
function location(offset: number, k: number): string {
  if (offset === 0) return '.';
  const sign = offset < 0 ? '-' : '+';
  const magnitude = Math.abs(offset);
  return k % 3 === 0 ? `.${sign}${magnitude}` : k % 3 === 1 ? `. ${sign} ${magnitude}` : `.${sign}0x${magnitude.toString(16)}`;
}

test('.-relative targets (b .+8, cbz x0, .-4, adr x0, ., ldr x0, .+16, tbz w1, #3, .+12) match llvm-mc, out-of-range ones rejected by both', () => {
  // Every target slot that is PC-relative to the instruction itself: the word-offset ones (imm26, imm19,
  // imm14: a multiple of 4) and ADR's byte offset, each at 0, ±4, its range ends and just past them.
  const forms: [string, number, number][] = [
    ['b', 1 << 27, 4], ['bl', 1 << 27, 4], ['b.ne', 1 << 20, 4], ['b.al', 1 << 20, 4], ['cbz x0,', 1 << 20, 4], ['cbnz w3,', 1 << 20, 4],
    ['tbz w1, #3,', 1 << 15, 4], ['tbnz x30, #63,', 1 << 15, 4], ['ldr x0,', 1 << 20, 4], ['ldr w2,', 1 << 20, 4], ['ldrsw x5,', 1 << 20, 4],
    ['ldr s1,', 1 << 20, 4], ['ldr d2,', 1 << 20, 4], ['ldr q3,', 1 << 20, 4], ['prfm pldl1keep,', 1 << 20, 4], ['adr x0,', 1 << 20, 1],
  ];
  const valid: string[] = [];
  const invalid: string[] = [];
  let k = 0;
  for (const [prefix, limit, unit] of forms) {
    for (const offset of [0, unit, -unit, 8, -limit, limit - unit]) valid.push(`${prefix} ${location(offset, k++)}`);
    for (const offset of [limit, -limit - unit]) invalid.push(`${prefix} ${location(offset, k++)}`);
    if (unit === 4) invalid.push(`${prefix} ${location(6, k++)}`, `${prefix} ${location(-2, k++)}`);
  }
  // One program, so each instruction's `.` is a different address; llvm-mc resolves them in the object.
  const program = valid.join('\n');
  assert.equal(hex(new Arm64Assembler().assemble(program).finalize()), hex(llvmAssemble(program, 'arm64')));
  // Out of range: llvm-mc 14 rejects `.+n` past the imm26/imm14 ends and misaligned ones when it writes the
  // object, but wraps imm19 and ADR's imm21 silently (`b.ne .+0x100000` becomes b.ne .-0x100000). The
  // instruction's range is the Arm ARM's either way, so the oracle is llvm-mc's own operand check of the
  // same offset written `#n`, which rejects every one of them.
  const asImmediate = invalid.map((text) => text.replace(/\.\s*([+-])\s*(\w+)$/, (_, sign: string, n: string) => `#${sign === '-' ? '-' : ''}${Number(n)}`));
  const oracle = llvmEncode(asImmediate);
  invalid.forEach((text, i) => {
    assert.ok('error' in oracle[i]!, `llvm-mc accepted ${asImmediate[i]}`);
    assert.throws(() => new Arm64Assembler().assemble(text).finalize(), (error: unknown) => isJitkitError(error, 'E_RANGE') && /byte offset \(#n or \.\+n\)/.test(error.message), text);
  });
  for (const text of invalid.filter((t) => /^(b|bl|tbz|tbnz) /.test(t))) assert.throws(() => llvmAssemble(text, 'arm64'), `llvm-mc accepted ${text}`);
  assert.equal(valid.length, forms.length * 6);
});

test('adrp x0, .+n is the page of the address n bytes on, which depends on the load address, as in llvm-mc\'s relocation', () => {
  const program = ['adrp x0, .', 'adrp x1, .+4096', 'adrp x2, .-8', 'adrp x3, . + 0x12345', 'adrp x4, .-0x7ffff000', 'adrp x5, .+4092', 'nop', 'adrp x30, .+0xfffff000'].join('\n');
  // llvm-mc leaves ADRP to the linker: R_AARCH64_ADR_PREL_PG_HI21 against .text+X, X the target's offset.
  const dir = mkdtempSync(join(tmpdir(), 'jitkit-adrp-'));
  let relocations: [number, number][];
  try {
    writeFileSync(join(dir, 'a.s'), `${program}\n`);
    execFileSync(LLVM_MC, ['-triple=aarch64', '-filetype=obj', '-o', join(dir, 'a.o'), join(dir, 'a.s')]);
    const dump = execFileSync('/usr/bin/llvm-objdump', ['-r', join(dir, 'a.o')], { encoding: 'utf8' });
    relocations = [...dump.matchAll(/^([0-9a-f]+) R_AARCH64_ADR_PREL_PG_HI21 \.text(?:([+-])0x([0-9a-f]+))?$/gm)].map((m) => [
      Number.parseInt(m[1]!, 16),
      m[3] === undefined ? 0 : (m[2] === '-' ? -1 : 1) * Number.parseInt(m[3], 16),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(relocations.length, 7);
  for (const base of [0n, 0x4000_0ff8n, 0x7fff_ffff_f004n]) {
    const bytes = new Arm64Assembler().assemble(program).finalize(base);
    // The Arm ARM's ADRP: imm = page(target) - page(PC), so the expected text is llvm-mc's own `adrp #imm`.
    const texts = relocations.map(([at, target]) => {
      const register = /adrp (x\d+)/.exec(program.split('\n')[at / 4]!)![1];
      return `adrp ${register}, #${(((base + BigInt(target)) >> 12n) - ((base + BigInt(at)) >> 12n)) * 4096n}`;
    });
    const expected = llvmEncode(texts);
    relocations.forEach(([at], i) => {
      assert.ok('bytes' in expected[i]!, texts[i]);
      assert.equal(wordAt(bytes, at), hex((expected[i] as { bytes: Uint8Array }).bytes), `${program.split('\n')[at / 4]} at base 0x${base.toString(16)}: ${texts[i]}`);
    });
  }
});

test('a location is a target only: mov x0, .+8 and .word . are rejected, and `.` is not a label name', () => {
  assert.throws(() => new Arm64Assembler().assemble('mov x0, .+8'), (error: unknown) => isJitkitError(error, 'E_OPERANDS'));
  assert.throws(() => new Arm64Assembler().assemble('add x0, x1, #.+8'), (error: unknown) => isJitkitError(error, 'E_SYNTAX'));
  assert.throws(() => new Arm64Assembler().assemble('.word .'), (error: unknown) => isJitkitError(error, 'E_SYNTAX'));
  assert.throws(() => llvmAssemble('.: nop', 'arm64'));
  assert.throws(() => new Arm64Assembler().assemble('.: nop'), (error: unknown) => isJitkitError(error, 'E_SYNTAX') && /location counter/.test(error.message));
  assert.equal(hex(new Arm64Assembler().assemble('b .').finalize()), hex(llvmAssemble('b .', 'arm64')));
});

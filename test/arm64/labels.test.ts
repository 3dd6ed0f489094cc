import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arm64Assembler } from '../../src/arm64/assembler.ts';
import { lo12, mem } from '../../src/arm64/operands.ts';
import { w3, x0, x1, x2 } from '../../src/arm64/registers.ts';
import type { Label } from '../../src/asm/label.ts';
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

// The A64 relocator: every PC-relative class rewritten for a new address, checked two ways.
// 1. Anywhere llvm-mc exists: the original words come from llvm-mc; the relocated lines assemble to the same
//    bytes with jitkit and llvm-mc; a small evaluator of the emitted movz/movk/b/br lines confirms the
//    absolute values and targets the test computes from the original offsets; refused classes name the
//    instruction.
// 2. On arm64 (natively or on the qemu lane: scripts/test-arm64.sh test/patch/a64-relocate.test.ts): each
//    class is run out of line, near (direct b) and far (through x16), and must do what the original would
//    have done at its original address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Arm64Assembler } from '../../src/arm64/index.ts';
import { addressOf, nativeFunction } from '../../src/call/index.ts';
import { CodeHeap } from '../../src/memory/index.ts';
import { a64InstructionText, relocateA64, type A64Relocation } from '../../src/patch/a64-relocate.ts';
import { isJitkitError } from '../../src/errors.ts';
import { llvmMissing } from '../support/llvm-assemble.ts';
import { llvmEncodeLines } from '../support/llvm-encode.ts';
import { cannotRunCode } from '../support/host.ts';

const onArm64 = cannotRunCode || (process.arch !== 'arm64' && 'runs A64 code (arm64 lane: scripts/test-arm64.sh)') || llvmMissing;
const policy = process.env['JITKIT_EMULATOR'] === 'qemu-user' ? 'wx' : 'auto';

/** llvm-mc's encoding of each line (one instruction per line). */
function words(lines: readonly string[], extra: readonly string[] = []): number[] {
  return llvmEncodeLines(lines, 'arm64', 8000, extra).map((result, i) => {
    if ('error' in result) throw new Error(`llvm-mc rejected '${lines[i]}': ${result.error}`);
    const b = result.bytes;
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  });
}

const FROM = 0x7f12_3456_7000n + 0x9c4n;
const NEAR = FROM + 0x2_0000n;
const FAR = FROM + 0x1_0000_0000n;

/** What the emitted lines compute: register values after movz/movk, and where b / br x16 go. */
function evaluate(relocation: A64Relocation, at: bigint): { registers: Map<string, bigint>; jumps: bigint[] } {
  const registers = new Map<string, bigint>();
  const jumps: bigint[] = [];
  relocation.lines.forEach((line, index) => {
    const here = at + BigInt(index * 4);
    let m = /^movz (x\d+), #(0x[0-9a-f]+|0)(?:, lsl #(\d+))?$/.exec(line);
    if (m) registers.set(m[1]!, BigInt(m[2]!) << BigInt(m[3] ?? 0));
    m = /^movk (x\d+), #(0x[0-9a-f]+), lsl #(\d+)$/.exec(line);
    if (m) {
      const shift = BigInt(m[3]!);
      const old = registers.get(m[1]!) ?? 0n;
      registers.set(m[1]!, (old & ~(0xffffn << shift)) | (BigInt(m[2]!) << shift));
    }
    m = /^b #(-?\d+)$/.exec(line);
    if (m) jumps.push(here + BigInt(m[1]!));
    if (line === 'br x16') jumps.push(registers.get('x16')!);
  });
  return { registers, jumps };
}

/** jitkit's bytes for every line of every relocation, compared with llvm-mc's in one batch. */
function assertAssembleLikeLlvm(relocations: ReadonlyArray<{ relocation: A64Relocation; at: bigint }>): void {
  // llvm-mc prints no encoding for `.inst` (it is data to it): those words are their own hex.
  const isInst = (line: string) => line.startsWith('.inst ');
  const lines = relocations.flatMap(({ relocation }) => relocation.lines).filter((line) => !isInst(line));
  const llvm = words(lines);
  let next = 0;
  for (const { relocation, at } of relocations) {
    const ours = new Arm64Assembler().assemble(relocation.lines.join('\n')).finalize(at);
    assert.equal(ours.length, relocation.lines.length * 4, 'one instruction per line');
    const view = new DataView(ours.buffer, ours.byteOffset, ours.byteLength);
    relocation.lines.forEach((line, i) => assert.equal(view.getUint32(i * 4, true), isInst(line) ? Number(line.slice(6)) : llvm[next++], line));
  }
}

test('PC-relative classes: llvm-mc bytes, and the absolute values and targets they were at FROM', { skip: llvmMissing }, () => {
  const cases: Array<{ text: string; check: (r: A64Relocation, at: bigint, e: ReturnType<typeof evaluate>) => void }> = [];
  for (const [rd, imm] of [[1, -5], [0, 1048575], [17, -1048576], [30, 12]] as const) {
    cases.push({ text: `adr x${rd}, #${imm}`, check: (r, _, e) => { assert.equal(r.kind, 'address'); assert.equal(e.registers.get(`x${rd}`), FROM + BigInt(imm)); } });
  }
  for (const [rd, pages] of [[2, 1], [3, -1], [29, 0x7ffff], [16, -0x80000]] as const) {
    const expected = (FROM & ~0xfffn) + BigInt(pages) * 4096n;
    cases.push({ text: `adrp x${rd}, #${pages * 4096}`, check: (_, __, e) => assert.equal(e.registers.get(`x${rd}`), expected) });
  }
  cases.push({ text: 'adr xzr, #8', check: (r) => assert.deepEqual(r.lines, ['nop']) });
  for (const load of ['ldr x3', 'ldr w7', 'ldrsw x9', 'ldr x16']) {
    for (const imm of [8, -4, 1048572, -1048576]) {
      const reg = load.split(' ')[1]!.replace('w', 'x');
      cases.push({
        text: `${load}, #${imm}`,
        check: (r, _, e) => {
          assert.equal(e.registers.get(reg), FROM + BigInt(imm));
          assert.equal(r.lines.at(-1), `${load}, [${reg}]`);
          assert.ok(!r.lines.some((line) => line.includes('x16') && reg !== 'x16'), 'no scratch register');
        },
      });
    }
  }
  for (const load of ['ldr s1', 'ldr d2', 'ldr q31', 'prfm pldl1keep', 'prfm pstl3strm', 'ldr xzr', 'ldr wzr', 'ldrsw xzr']) {
    cases.push({
      text: `${load}, #-64`,
      check: (r, _, e) => {
        assert.equal(e.registers.get('x16'), FROM - 64n);
        assert.equal(r.lines[0], 'str x16, [sp, #-16]!');
        assert.equal(r.lines.at(-1), 'ldr x16, [sp], #16', 'x16 restored');
      },
    });
  }
  for (const imm of [4, -134217728, 134217724]) {
    cases.push({ text: `b #${imm}`, check: (r, _, e) => { assert.equal(r.fallsThrough, false); assert.deepEqual(e.jumps, [FROM + BigInt(imm)]); } });
    cases.push({
      text: `bl #${imm}`,
      check: (r, _, e) => {
        assert.equal(r.kind, 'call');
        assert.equal(e.registers.get('x30'), FROM + 4n, 'x30 is the original return address');
        assert.deepEqual(e.jumps, [FROM + BigInt(imm)]);
      },
    });
  }
  for (const cond of ['eq', 'ne', 'hs', 'lo', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le']) {
    const inverse: Record<string, string> = { eq: 'ne', ne: 'eq', hs: 'lo', lo: 'hs', mi: 'pl', pl: 'mi', vs: 'vc', vc: 'vs', hi: 'ls', ls: 'hi', ge: 'lt', lt: 'ge', gt: 'le', le: 'gt' };
    cases.push({
      text: `b.${cond} #-1048576`,
      check: (r, _, e) => {
        assert.match(r.lines[0]!, new RegExp(`^b\\.${inverse[cond]} #${r.lines.length * 4}$`), 'the inverted condition skips the jump');
        assert.deepEqual(e.jumps, [FROM - 1048576n]);
      },
    });
  }
  cases.push({ text: 'b.al #8', check: (r, _, e) => { assert.equal(r.fallsThrough, false); assert.deepEqual(e.jumps, [FROM + 8n]); } });
  for (const [op, inverse] of [['cbz', 'cbnz'], ['cbnz', 'cbz']] as const) {
    for (const reg of ['x3', 'w3', 'xzr']) {
      cases.push({ text: `${op} ${reg}, #1048572`, check: (r, _, e) => { assert.equal(r.lines[0], `${inverse} ${reg}, #${r.lines.length * 4}`); assert.deepEqual(e.jumps, [FROM + 1048572n]); } });
    }
  }
  for (const [op, inverse] of [['tbz', 'tbnz'], ['tbnz', 'tbz']] as const) {
    for (const [reg, bit] of [['w3', 0], ['w4', 31], ['x5', 32], ['x30', 63]] as const) {
      cases.push({ text: `${op} ${reg}, #${bit}, #-32768`, check: (r, _, e) => { assert.equal(r.lines[0], `${inverse} ${reg}, #${bit}, #${r.lines.length * 4}`); assert.deepEqual(e.jumps, [FROM - 32768n]); } });
    }
  }
  for (const reg of ['x1', 'x16', 'x30']) {
    cases.push({
      text: `blr ${reg}`,
      check: (r, _, e) => {
        assert.equal(r.kind, 'call-register');
        if (reg !== 'x16') assert.equal(r.lines[0], `mov x16, ${reg}`, 'the target is taken before x30 changes');
        assert.equal(e.registers.get('x30'), FROM + 4n);
        assert.equal(r.lines.at(-1), 'br x16');
      },
    });
  }
  for (const text of ['add x0, x0, x1', 'ldar x1, [x0]', 'stlr w2, [x3]', 'cas x0, x1, [x2]', 'casp x0, x1, x2, x3, [x4]', 'ldadd x1, x2, [x0]', 'svc #0', 'nop', 'mrs x1, nzcv', 'br x3', 'ret', 'ldr q0, [x1, #16]', 'stp x29, x30, [sp, #-16]!']) {
    cases.push({ text, check: (r) => { assert.equal(r.kind, 'copied'); assert.equal(r.lines.length, 1); assert.match(r.lines[0]!, /^\.inst 0x/); } });
  }

  const encoded = words(cases.map((c) => c.text));
  const all: Array<{ relocation: A64Relocation; at: bigint }> = [];
  cases.forEach((c, index) => {
    for (const [at, reach] of [[NEAR, undefined], [FAR, undefined], [NEAR, 0n]] as const) {
      const relocation = relocateA64(encoded[index]!, FROM, at, { directReach: reach });
      all.push({ relocation, at });
      const e = evaluate(relocation, at);
      if (relocation.kind === 'copied') assert.equal(relocation.lines[0], `.inst 0x${encoded[index]!.toString(16)}`);
      try {
        c.check(relocation, at, e);
      } catch (error) {
        throw new Error(`${c.text} at 0x${at.toString(16)}${reach === 0n ? ' (far form)' : ''}: ${(error as Error).message}\n${relocation.lines.join('\n')}`);
      }
      // A direct b is used exactly when the target is within ±128 MiB of that line.
      const directs = relocation.lines.filter((line) => /^b #/.test(line)).length;
      const throughX16 = relocation.lines.includes('br x16') && relocation.kind !== 'call-register';
      if (relocation.kind !== 'call-register' && e.jumps.length > 0) {
        assert.equal(directs + (throughX16 ? 1 : 0), 1, `${c.text}: one jump`);
        if (reach === 0n) assert.ok(throughX16, `${c.text}: far form`);
      }
    }
  });
  assertAssembleLikeLlvm(all);
});

test('refused classes are E_UNRELOCATABLE naming the instruction and the reason', { skip: llvmMissing }, () => {
  const refused: Array<[string, RegExp]> = [
    ['ldxr x1, [x0]', /exclusive/], ['ldaxr w1, [x0]', /exclusive/], ['stxr w2, x1, [x0]', /exclusive/], ['stlxr w2, x1, [x0]', /exclusive/],
    ['ldxrb w1, [x0]', /exclusive/], ['ldxp x1, x2, [x0]', /exclusive/], ['stlxp w3, x1, x2, [x0]', /exclusive/],
    ['cpyfp [x0]!, [x1]!, x2!', /MOPS/], ['setp [x0]!, x1!, x2', /MOPS/], ['cpye [x0]!, [x1]!, x2!', /MOPS/],
    ['movprfx z0, z1', /movprfx/], ['movprfx z0.s, p0/m, z1.s', /movprfx/],
    ['udf #1', /undefined/], ['brk #0', /trap/], ['hlt #0', /trap/], ['hvc #0', /exception-generating/],
    ['blraa x1, x2', /pointer-authenticated/], ['blraaz x3', /pointer-authenticated/], ['eret', /exception return/],
  ];
  const extra = ['-mattr=+mops,+sve,+pauth'];
  // movprfx is checked by llvm-mc against the next line: give each its own batch.
  const encoded = refused.map(([text]) => words([text], extra)[0]!);
  // 0xdc000000: V=1 opc=3 literal load (unallocated); 0x74000000: a branch-group word outside ARMv8.0-9.5's known forms.
  const raw: Array<[number, RegExp]> = [[0xdc000000, /unallocated/], [0x74000000, /branch-group/]];
  for (const [index, [text, reason]] of refused.entries()) {
    assert.throws(
      () => relocateA64(encoded[index]!, FROM, NEAR),
      (error) => isJitkitError(error, 'E_UNRELOCATABLE') && error.message.includes(`'${a64InstructionText(encoded[index]!)}'`) && reason.test(error.message),
      text,
    );
  }
  for (const [word, reason] of raw) {
    assert.throws(() => relocateA64(word, FROM, NEAR), (error) => isJitkitError(error, 'E_UNRELOCATABLE') && error.message.includes('0x') && reason.test(error.message));
  }
  assert.throws(() => relocateA64(0xd503201f, FROM + 2n, NEAR), (error) => isJitkitError(error, 'E_UNRELOCATABLE') && /aligned/.test(error.message));
});

// --- Run on arm64 ----------------------------------------------------------------------------------------

/**
 * Builds and runs `int64 f(int64, int64)`: `prefix`, the relocated instruction, `suffix`. `build` receives the
 * address of the relocated code and returns the original word and its (pretended) original address.
 */
function runRelocated(
  heap: CodeHeap,
  build: (at: bigint, block: bigint) => { word: number; from: bigint; prefix: readonly string[]; suffix: readonly string[]; far?: boolean },
  args: ReadonlyArray<readonly [bigint, bigint]>,
): bigint[] {
  const block = heap.allocate(512, 16);
  try {
    // The prefix's length must be known before the relocated code's address is: build once to measure.
    const probe = build(block.address, block.address);
    const at = block.address + BigInt(probe.prefix.length * 4);
    const plan = build(at, block.address);
    const relocation = relocateA64(plan.word, plan.from, at, { directReach: plan.far ? 0n : undefined });
    const source = [...plan.prefix, ...relocation.lines, ...plan.suffix].join('\n');
    block.write(0, new Arm64Assembler().assemble(source).finalize(block.address));
    const fn = nativeFunction(block.address, 'int64 (int64, int64)');
    return args.map(([a, b]) => BigInt.asIntN(64, BigInt(fn(a, b) as bigint | number)));
  } finally {
    block.free();
  }
}

const [ADR_X3, ADRP_X17, ADR_X30] = llvmMissing ? [0, 0, 0] : words(['adr x3, #-12345', 'adrp x17, #-8192', 'adr x30, #4']);

test('run: adr/adrp put the original absolute address in the destination', { skip: onArm64 }, () => {
  const heap = new CodeHeap({ policy });
  try {
    const from = 0x0000_7654_3210_0ffcn;
    for (const [word, reg, expected] of [[ADR_X3, 'x3', from - 12345n], [ADRP_X17, 'x17', (from & ~0xfffn) - 8192n], [ADR_X30, 'x30', from + 4n]] as const) {
      const [value] = runRelocated(heap, () => ({ word, from, prefix: ['mov x9, x30'], suffix: [`mov x0, ${reg}`, 'mov x30, x9', 'ret'] }), [[0n, 0n]]);
      assert.equal(BigInt.asUintN(64, value!), expected, reg);
    }
  } finally {
    heap.dispose();
  }
});

test('run: literal loads read the original address (w zero-extends, sw sign-extends, s/d/q, prfm, xzr keep x16 and sp)', { skip: onArm64 }, () => {
  const heap = new CodeHeap({ policy });
  try {
    const data = new BigInt64Array(new SharedArrayBuffer(32));
    data.set([0x1122334455667788n, -0x0123456789abcdefn, 0n, 0n]);
    new Float64Array(data.buffer, 16, 1)[0] = 2.5;
    data[3] = 0x0a0b0c0d0e0f1011n;
    const base = addressOf(data);
    const loads = ['ldr x3, #-1048576', 'ldr w3, #8', 'ldrsw x3, #1048572', 'ldr x16, #-4', 'ldr d3, #16', 'ldr q3, #-8', 'ldr s3, #4', 'prfm pldl1keep, #0', 'ldr xzr, #12', 'ldr wzr, #0', 'ldrsw xzr, #0'];
    const encoded = words(loads);
    const view = new DataView(data.buffer);
    const expected = (load: string, offset: number): bigint => {
      if (load.startsWith('ldr x3') || load.startsWith('ldr x16')) return view.getBigInt64(offset, true);
      if (load.startsWith('ldr w3')) return BigInt(view.getUint32(offset, true));
      if (load.startsWith('ldrsw x3')) return BigInt(view.getInt32(offset, true));
      if (load.startsWith('ldr d3')) return view.getBigInt64(offset, true);
      if (load.startsWith('ldr q3')) return view.getBigInt64(offset + 8, true); // the upper half
      if (load.startsWith('ldr s3')) return BigInt(view.getUint32(offset, true));
      return 0x5aa5n; // x16 as the prefix set it
    };
    loads.forEach((load, i) => {
      // The data word the load reads sits at `base + 8`; the original instruction is placed so its literal lands there.
      const offset = Number(/#(-?\d+)$/.exec(load)![1]);
      const at = 8;
      const from = base + BigInt(at) - BigInt(offset);
      const result = load.startsWith('ldr d3') ? 'fmov x0, d3' : load.startsWith('ldr q3') ? 'mov x0, v3.d[1]' : load.startsWith('ldr s3') ? 'fmov w0, s3' : load.startsWith('ldr x16') ? 'mov x0, x16' : /xzr|wzr|prfm/.test(load) ? 'mov x0, x16' : 'mov x0, x3';
      const [value, spMoved] = [
        runRelocated(heap, () => ({ word: encoded[i]!, from, prefix: ['movn x3, #0', 'mov x16, #0x5aa5', 'fmov d3, xzr'], suffix: [result, 'ret'] }), [[0n, 0n]])[0]!,
        runRelocated(heap, () => ({ word: encoded[i]!, from, prefix: ['mov x10, sp', 'mov x16, #0x5aa5'], suffix: ['mov x11, sp', 'sub x0, x11, x10', 'ret'] }), [[0n, 0n]])[0]!,
      ];
      assert.equal(value, expected(load, at), load);
      assert.equal(spMoved, 0n, `${load}: sp unchanged`);
    });
  } finally {
    heap.dispose();
  }
});

/** A function at a known address that returns `mov x0, x30` or a constant. */
function helper(heap: CodeHeap, source: string): { address: bigint; free: () => void } {
  const block = heap.allocate(16, 16);
  block.write(0, new Arm64Assembler().assemble(source).finalize(block.address));
  return { address: block.address, free: () => block.free() };
}

/**
 * The original return address given to a call relocated to `at`: the second instruction after the copy (the
 * first, `mov x0, #1`, is where a copy that wrongly kept its own return address would come back to). The
 * copy's length depends on the address it materializes, so iterate to the fixed point.
 */
function continuationAfter(word: number, at: bigint, far: boolean): bigint {
  let continuation = at;
  for (;;) {
    const next = at + 4n + BigInt(relocateA64(word, continuation - 4n, at, { directReach: far ? 0n : undefined }).lines.length * 4);
    if (next === continuation) return continuation;
    continuation = next;
  }
}

for (const far of [false, true]) {
  const form = far ? 'through x16' : 'direct';
  test(`run (${form}): b and bl reach the original target; bl and blr return to the original return address`, { skip: onArm64 }, () => {
    const heap = new CodeHeap({ policy });
    const seventySeven = helper(heap, 'mov x0, #77\nret');
    const returnsLr = helper(heap, 'mov x0, x30\nret');
    try {
      for (const offset of [-0x4000, 0x100]) {
        const [b, bl] = words([`b #${offset}`, `bl #${offset}`]);
        const [taken] = runRelocated(heap, () => ({ word: b!, from: seventySeven.address - BigInt(offset), prefix: [], suffix: ['mov x0, #0', 'ret'], far }), [[0n, 0n]]);
        assert.equal(taken, 77n, `b #${offset}`);
        // bl: the original sits just before the instruction that follows the relocated copy, so its return
        // address is real code (the suffix); the callee returns x30, which must be that address.
        let continuation = 0n;
        const [lr] = runRelocated(heap, (at) => {
          continuation = continuationAfter(bl!, at, far);
          const from = continuation - 4n;
          const [word] = words([`bl #${returnsLr.address - from}`]);
          return { word: word!, from, prefix: ['stp x29, x30, [sp, #-16]!'], suffix: ['mov x0, #1', 'ldp x29, x30, [sp], #16', 'ret'], far };
        }, [[0n, 0n]]);
        assert.equal(BigInt.asUintN(64, lr!), continuation, 'bl: the callee saw x30 = the original return address');
      }
      for (const reg of ['x5', 'x16', 'x30']) {
        const [blr] = words([`blr ${reg}`]);
        let continuation = 0n;
        const [lr] = runRelocated(heap, (at) => {
          continuation = continuationAfter(blr!, at, far);
          return { word: blr!, from: continuation - 4n, prefix: ['stp x29, x30, [sp, #-16]!', `mov ${reg}, x0`], suffix: ['mov x0, #1', 'ldp x29, x30, [sp], #16', 'ret'] };
        }, [[returnsLr.address, 0n]]);
        assert.equal(BigInt.asUintN(64, lr!), continuation, `blr ${reg}`);
      }
    } finally {
      seventySeven.free();
      returnsLr.free();
      heap.dispose();
    }
  });

  test(`run (${form}): every b.cond, cbz/cbnz and tbz/tbnz branches exactly when the original would`, { skip: onArm64 }, () => {
    const heap = new CodeHeap({ policy });
    const one = helper(heap, 'mov x0, #1\nret');
    try {
      const M = (1n << 64n) - 1n;
      const pairs: Array<readonly [bigint, bigint]> = [[0n, 0n], [1n, 2n], [2n, 1n], [-1n, 1n], [1n, -1n], [-(1n << 63n), 1n], [(1n << 63n) - 1n, -1n], [5n, 5n]];
      // NZCV of `cmp a, b` (subs a - b), computed here independently of the CPU.
      const flags = (a: bigint, b: bigint) => {
        const ua = a & M, ub = b & M;
        const result = (ua - ub) & M;
        const n = result >> 63n === 1n, z = result === 0n, c = ua >= ub;
        const sa = BigInt.asIntN(64, a), sb = BigInt.asIntN(64, b);
        const v = sa - sb !== BigInt.asIntN(64, sa - sb);
        return { n, z, c, v };
      };
      const holds: Record<string, (f: ReturnType<typeof flags>) => boolean> = {
        eq: (f) => f.z, ne: (f) => !f.z, hs: (f) => f.c, lo: (f) => !f.c, mi: (f) => f.n, pl: (f) => !f.n, vs: (f) => f.v, vc: (f) => !f.v,
        hi: (f) => f.c && !f.z, ls: (f) => !(f.c && !f.z), ge: (f) => f.n === f.v, lt: (f) => f.n !== f.v, gt: (f) => !f.z && f.n === f.v, le: (f) => !(!f.z && f.n === f.v),
        al: () => true, nv: () => true,
      };
      const conditions = Object.keys(holds);
      const encoded = words(conditions.map((c) => `b.${c} #-1048576`));
      conditions.forEach((cond, i) => {
        const results = runRelocated(heap, () => ({ word: encoded[i]!, from: one.address + 1048576n, prefix: ['cmp x0, x1'], suffix: ['mov x0, #0', 'ret'], far }), pairs);
        assert.deepEqual(results, pairs.map(([a, b]) => (holds[cond]!(flags(a, b)) ? 1n : 0n)), `b.${cond}`);
      });
      const values = [0n, 1n, 1n << 32n, -1n, 1n << 31n, -(1n << 63n), 0x20n];
      const tests: Array<[string, (x: bigint) => boolean]> = [
        ['cbz x0, #4096', (x) => x === 0n], ['cbnz x0, #4096', (x) => x !== 0n],
        ['cbz w0, #4096', (x) => (x & 0xffffffffn) === 0n], ['cbnz w0, #4096', (x) => (x & 0xffffffffn) !== 0n],
        ...[0, 5, 31, 32, 63].flatMap((bit): Array<[string, (x: bigint) => boolean]> => [
          [`tbz ${bit < 32 ? 'w0' : 'x0'}, #${bit}, #4096`, (x) => ((BigInt.asUintN(64, x) >> BigInt(bit)) & 1n) === 0n],
          [`tbnz ${bit < 32 ? 'w0' : 'x0'}, #${bit}, #4096`, (x) => ((BigInt.asUintN(64, x) >> BigInt(bit)) & 1n) === 1n],
        ]),
      ];
      const testWords = words(tests.map(([text]) => text));
      tests.forEach(([text, taken], i) => {
        const results = runRelocated(heap, () => ({ word: testWords[i]!, from: one.address - 4096n, prefix: [], suffix: ['mov x0, #0', 'ret'], far }), values.map((v) => [v, 0n] as const));
        assert.deepEqual(results, values.map((v) => (taken(v) ? 1n : 0n)), text);
      });
    } finally {
      one.free();
      heap.dispose();
    }
  });
}

test('run: copied instructions (arithmetic, svc, ret) behave as in place', { skip: onArm64 }, () => {
  const heap = new CodeHeap({ policy });
  try {
    const [add, svc, ret] = words(['add x0, x0, x1', 'svc #0', 'ret']);
    assert.deepEqual(runRelocated(heap, () => ({ word: add!, from: 0x1000n, prefix: [], suffix: ['ret'] }), [[40n, 2n]]), [42n]);
    // getpid (asm-generic/unistd.h: 172) through an svc that runs out of line: the kernel returns to the copy.
    assert.deepEqual(runRelocated(heap, () => ({ word: svc!, from: 0x1000n, prefix: ['mov x8, #172'], suffix: ['ret'] }), [[0n, 0n]]), [BigInt(process.pid)]);
    assert.deepEqual(runRelocated(heap, () => ({ word: ret!, from: 0x1000n, prefix: ['mov x0, #9'], suffix: ['mov x0, #0', 'ret'] }), [[0n, 0n]]), [9n]);
  } finally {
    heap.dispose();
  }
});

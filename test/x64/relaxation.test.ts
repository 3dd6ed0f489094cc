import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Decoder, DecoderOptions } from 'iced-x86';
import { formatHex } from '../../src/asm/hex.ts';
import { isJitkitError } from '../../src/errors.ts';
import { Assembler, eax, ecx, qword, rax, xmm0 } from '../../src/x64/index.ts';
import type { Label } from '../../src/asm/label.ts';
import { LLVM_MC } from './llvm-mc.ts';

/**
 * Branch relaxation, alignment, the constant pool and fixups. Where llvm-mc can express the same
 * program, its object-file output (which runs LLVM's own relaxation) is the expected layout.
 */
function llvmObjectText(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'jitkit-x64-'));
  try {
    const object = join(dir, 'out.o');
    const binary = join(dir, 'out.bin');
    execFileSync(LLVM_MC, ['-triple=x86_64', '-x86-asm-syntax=intel', '-filetype=obj', '-o', object], { input: source });
    execFileSync('/usr/bin/llvm-objcopy', ['-O', 'binary', '--only-section=.text', object, binary]);
    return formatHex(readFileSync(binary));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A program of branches and int3 filler, built both as jitkit calls and as llvm-mc text. */
type Step = { jump: string; to: number } | { fill: number } | { bind: number } | { back: string; to: number };

function build(steps: readonly Step[]): { jitkit: string; llvm: string } {
  const a = new Assembler();
  const labels = new Map<number, Label>();
  const labelOf = (id: number): Label => {
    if (!labels.has(id)) labels.set(id, a.label(`L${id}`));
    return labels.get(id)!;
  };
  const lines: string[] = [];
  for (const step of steps) {
    if ('jump' in step) {
      a.emit(step.jump, [labelOf(step.to)]);
      lines.push(`${step.jump} L${step.to}`);
    } else if ('back' in step) {
      a.emit(step.back, [labelOf(step.to)]);
      lines.push(`${step.back} L${step.to}`);
    } else if ('fill' in step) {
      for (let i = 0; i < step.fill; i++) a.int3();
      lines.push(`.fill ${step.fill}, 1, 0xcc`);
    } else {
      a.bind(labelOf(step.bind));
      lines.push(`L${step.bind}:`);
    }
  }
  a.ret();
  lines.push('ret');
  return { jitkit: formatHex(a.finalize()), llvm: llvmObjectText(lines.join('\n') + '\n') };
}

test('a forward jump uses rel8 up to the boundary and rel32 past it, as llvm-mc does', () => {
  for (const mnemonic of ['jmp', 'jz', 'jnc', 'jg']) {
    for (let fill = 123; fill <= 131; fill++) {
      const { jitkit, llvm } = build([{ jump: mnemonic, to: 1 }, { fill }, { bind: 1 }]);
      assert.equal(jitkit, llvm, `${mnemonic} over ${fill} bytes`);
    }
  }
});

test('a backward jump uses rel8 down to -128 and rel32 beyond', () => {
  for (let fill = 122; fill <= 130; fill++) {
    const { jitkit, llvm } = build([{ bind: 1 }, { fill }, { back: 'jnz', to: 1 }]);
    assert.equal(jitkit, llvm, `jnz back over ${fill} bytes`);
  }
});

test('chains of forward jumps that push each other past the rel8 boundary settle like llvm-mc', () => {
  for (let fill = 55; fill <= 66; fill++) {
    const steps: Step[] = [
      { jump: 'jz', to: 1 }, { fill }, { jump: 'jnz', to: 2 }, { fill }, { jump: 'jmp', to: 3 },
      { bind: 1 }, { fill }, { bind: 2 }, { fill: 3 }, { bind: 3 }, { back: 'jmp', to: 1 },
    ];
    const { jitkit, llvm } = build(steps);
    assert.equal(jitkit, llvm, `chain with ${fill}-byte gaps`);
  }
  // a long chain where every jump skips the next one: growth propagates backwards through the chain
  const steps: Step[] = [];
  for (let i = 0; i < 40; i++) steps.push({ jump: 'je', to: i + 2 }, { fill: 60 }, { bind: i + 1 });
  for (let i = 40; i < 42; i++) steps.push({ bind: i + 1 });
  const { jitkit, llvm } = build(steps);
  assert.equal(jitkit, llvm);
});

const alignUp = (value: number, alignment: number): number => Math.ceil(value / alignment) * alignment;

function decodeBranchTarget(bytes: Uint8Array, at: number): number {
  const decoder = new Decoder(64, bytes.subarray(at), DecoderOptions.None);
  const instruction = decoder.decode();
  const target = Number(instruction.nearBranchTarget) + at;
  instruction.free();
  decoder.free();
  return target;
}

test('alignment padding is recomputed as branches grow, and branches still reach their targets', () => {
  for (let fill = 100; fill <= 140; fill += 3) {
    const a = new Assembler();
    const target = a.label();
    a.jz(target);
    for (let i = 0; i < fill; i++) a.int3();
    a.align(32).bind(target).mov(eax, 1).align(16).ret();
    const bytes = a.finalize();
    const offset = a.offsetOf(target);
    assert.equal(offset % 32, 0, `label aligned with ${fill} filler bytes`);
    assert.equal(decodeBranchTarget(bytes, 0), offset);
    // short when (and only when) rel8 reaches: with a rel8 the label would sit at most 127 bytes past it
    if (bytes[0] === 0x74) assert.ok(offset - 2 <= 127);
    else assert.ok(alignUp(fill + 2, 32) - 2 > 127, `rel32 chosen although rel8 reaches with ${fill} filler bytes`);
    // padding decodes as NOPs only
    const decoder = new Decoder(64, bytes.subarray(bytes[0] === 0x74 ? 2 + fill : 6 + fill, offset), DecoderOptions.None);
    while (decoder.canDecode) {
      const instruction = decoder.decode();
      assert.match(instruction.toString(), /^(nop|xchg ax,ax)/); // 66 90 is the recommended 2-byte NOP
      instruction.free();
    }
    decoder.free();
  }
});

test('constant pool entries are placed after the code, deduplicated and reached RIP-relatively', () => {
  const a = new Assembler();
  a.movsd(xmm0, a.float64(1.5)).addsd(xmm0, a.float64(1.5)).mov(rax, qword(a.constant([1, 2, 3, 4, 5, 6, 7, 8]))).ret();
  const bytes = a.finalize(0x10000n);
  assert.equal(bytes.length, 8 + 8 + 7 + 1 + 8 + 8); // movsd, addsd, mov rax, ret + padding to 8, two pooled qwords
  const view = new DataView(bytes.buffer);
  const pooled = (instructionEnd: number): number => instructionEnd + view.getInt32(instructionEnd - 4, true);
  assert.equal(view.getFloat64(pooled(8), true), 1.5);
  assert.equal(pooled(16), pooled(8), 'the same constant is stored once');
  assert.deepEqual([...bytes.subarray(pooled(23), pooled(23) + 8)], [1, 2, 3, 4, 5, 6, 7, 8]);
});

test('finalize applies calls to absolute addresses and label addresses for the load base', () => {
  const a = new Assembler();
  const data = a.label();
  a.call(0x7000_1000n).movAddress(rax, data).ret().bind(data).embed([0xaa]);
  const base = 0x7000_0000n;
  const bytes = a.finalize(base);
  const view = new DataView(bytes.buffer);
  assert.equal(base + 5n + BigInt(view.getInt32(1, true)), 0x7000_1000n);
  assert.equal(view.getBigUint64(7, true), base + BigInt(a.offsetOf(data)));
});

function expectError(code: string, run: () => unknown, pattern?: RegExp): void {
  try {
    run();
  } catch (error) {
    assert.ok(isJitkitError(error), String(error));
    assert.equal(error.code, code, error.message);
    if (pattern) assert.match(error.message, pattern);
    return;
  }
  assert.fail(`expected ${code}`);
}

test('rel8-only branches (jrcxz, jecxz with its 0x67 prefix, loop family) match llvm-mc both ways', () => {
  for (const jump of ['jrcxz', 'jecxz', 'loop', 'loope', 'loopne']) {
    const program = build([
      { bind: 0 }, { fill: 3 }, { jump, to: 1 }, { fill: 100 }, { back: jump, to: 0 }, { bind: 1 }, { fill: 2 }, { back: jump, to: 1 },
    ]);
    assert.equal(program.jitkit, program.llvm, jump);
  }
});

test('emitting after finalize() is E_STATE: instructions, branches and alignment alike', () => {
  const a = new Assembler();
  const top = a.label();
  a.bind(top).mov(eax, 1).ret();
  const bytes = a.finalize();
  expectError('E_STATE', () => a.mov(eax, 2), /finalized/);
  expectError('E_STATE', () => a.jmp(top), /finalized/);
  expectError('E_STATE', () => a.emit('ret', []), /finalized/);
  expectError('E_STATE', () => a.align(16), /finalized/);
  assert.equal(formatHex(a.finalize()), formatHex(bytes));
});

test('label misuse is E_LABEL, unreachable targets are E_RANGE', () => {
  expectError('E_LABEL', () => {
    const a = new Assembler();
    a.jmp(a.label('never')).finalize();
  }, /never/);
  expectError('E_LABEL', () => {
    const a = new Assembler();
    const l = a.label();
    a.bind(l).bind(l);
  });
  expectError('E_LABEL', () => new Assembler().jmp(new Assembler().label()));
  expectError('E_RANGE', () => {
    const a = new Assembler();
    const far = a.label('far');
    a.jrcxz(far);
    for (let i = 0; i < 200; i++) a.nop();
    a.bind(far).finalize();
  }, /rel8/);
  expectError('E_RANGE', () => new Assembler().call(0x1_0000_0000n).finalize(0x2_0000_0000_0000n));
});

test('wrong operands are E_OPERANDS naming the instruction and listing its forms', () => {
  expectError('E_OPERANDS', () => new Assembler().emit('mov', [eax, rax]), /^mov does not accept \(eax, rax\).*mov r\/m32, r32/);
  expectError('E_OPERANDS', () => new Assembler().emit('add', [eax, 0x1_0000_0000]), /immediate 4294967296 does not fit/);
  expectError('E_OPERANDS', () => new Assembler().emit('frobnicate', []), /unknown instruction/);
  expectError('E_OPERANDS', () => new Assembler().emit('vaddps', [xmm0.k(xmm0 as never), xmm0, xmm0]));
  expectError('E_OPERANDS', () => new Assembler().emit('addps', [xmm0.plain, ecx]), /addps xmm, xmm\/m128/);
});

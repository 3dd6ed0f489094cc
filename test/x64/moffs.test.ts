import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { Code, Decoder, DecoderOptions, Register as IcedRegister } from 'iced-x86';
import { formatHex } from '../../src/asm/hex.ts';
import { isJitkitError } from '../../src/errors.ts';
import { al, Assembler, ax, byte, dword, eax, fs, gs, mnemonicId, ptr, qword, rax, rbx, rcx, word } from '../../src/x64/index.ts';
import type { Memory } from '../../src/x64/index.ts';
import { assembleX64, disassembleX64 } from '../../src/x64/text/index.ts';
import { LLVM_MC, llvmMissing } from '../support/llvm-assemble.ts';
import { assembleWithLlvmMc } from './llvm-mc.ts';

/**
 * movabs between the accumulator and a 64-bit absolute address (moffs, A0-A3). The corpus comparison
 * with llvm-mc (llvm-mc.test.ts, through instruction-cases.ts) covers every form; this file covers the API
 * shape, the errors, and the one case where llvm-mc 14 cannot be the oracle for the bytes.
 */
const ADDRESS = 0x1122334455667788n;

function bytesOf(emit: (a: Assembler) => unknown): string {
  const a = new Assembler();
  emit(a);
  return formatHex(a.finalize());
}

function operandsMessage(run: () => unknown, code = 'E_OPERANDS'): string {
  try {
    run();
  } catch (error) {
    assert.ok(isJitkitError(error), `expected a JitkitError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error.message;
  }
  return assert.fail(`expected ${code}`);
}

/** llvm-mc's disassembly of `hex`, one line per instruction, whitespace collapsed. */
function llvmDisassemble(hex: string): string[] {
  const input = hex.split(' ').map((byte) => `0x${byte}`).join(' ');
  const output = execFileSync(LLVM_MC, ['-disassemble', '-triple=x86_64', '-output-asm-variant=1'], { input, encoding: 'utf8' });
  return output.split('\n').map((line) => line.trim().replace(/\s+/g, ' ')).filter((line) => line !== '' && !line.startsWith('.'));
}

test('a bigint address builds a moffs operand: qword(0x1122334455667788n), with a segment, unsized or sized', () => {
  const memory = qword(ADDRESS).withSegment(fs);
  assert.equal(memory.absolute, ADDRESS);
  assert.equal(memory.direct, false);
  assert.equal(String(memory), 'qword ptr fs:[0x1122334455667788]');
  // a negative address is its 64-bit two's complement, as llvm-mc reads `[-1]`
  assert.equal(qword(-1n).absolute, 0xffffffffffffffffn);
  const fluent = bytesOf((a) => a.movabs(rax, qword(ADDRESS)).movabs(byte(ADDRESS), al).movabs(ax, ptr(ADDRESS).withSegment(gs)));
  const generic = bytesOf((a) => a.emit('movabs', [rax, qword(ADDRESS)]).emit('movabs', [byte(ADDRESS), al]).emit('movabs', [ax, ptr(ADDRESS).withSegment(gs)]));
  const text = formatHex(assembleX64('movabs rax, qword ptr [0x1122334455667788]\nmovabs byte ptr [0x1122334455667788], al\nmovabs ax, gs:[0x1122334455667788]'));
  assert.equal(fluent, generic);
  assert.equal(fluent, text);
  if (!llvmMissing) {
    const reference = assembleWithLlvmMc(['movabs rax, qword ptr [0x1122334455667788]', 'movabs byte ptr [0x1122334455667788], al', 'movabs ax, gs:[0x1122334455667788]']);
    assert.equal(fluent, reference.map((result) => ('bytes' in result ? formatHex(result.bytes) : result.error)).join(' '));
  }
});

test('movabs rax, qword ptr fs:[…] puts the segment before REX.W, which llvm-mc 14 does not: both checked by decoding', { skip: llvmMissing }, () => {
  for (const [segment, name] of [[fs, 'fs'], [gs, 'gs']] as const) {
    for (const store of [false, true]) {
      const memory = qword(ADDRESS).withSegment(segment);
      const ours = bytesOf((a) => (store ? a.movabs(memory, rax) : a.movabs(rax, memory)));
      const text = store ? `movabs qword ptr ${name}:[${ADDRESS}], rax` : `movabs rax, qword ptr ${name}:[${ADDRESS}]`;
      assert.equal(formatHex(assembleX64(text)), ours, text);
      // a REX prefix counts only right before the opcode (Intel SDM Vol. 2, 2.2.1)
      assert.equal(ours.slice(0, 5), `${name === 'fs' ? '64' : '65'} 48`, text);
      // two decoders read jitkit's bytes back as the one 64-bit instruction
      assert.deepEqual(llvmDisassemble(ours), [text], `llvm-mc reads ${ours}`);
      const decoder = new Decoder(64, Uint8Array.from(ours.split(' '), (byte) => parseInt(byte, 16)), DecoderOptions.None);
      const decoded = decoder.decode();
      assert.equal(decoded.code, store ? Code.Mov_moffs64_RAX : Code.Mov_RAX_moffs64);
      assert.equal(decoded.segmentPrefix, name === 'fs' ? IcedRegister.FS : IcedRegister.GS);
      assert.equal(decoded.memoryDisplacement, ADDRESS);
      decoded.free();
      decoder.free();
      // llvm-mc's own bytes for the text, where they differ, are not that instruction (48 64 a1: REX ignored)
      const reference = assembleWithLlvmMc([text])[0]!;
      assert.ok('bytes' in reference, text);
      const theirs = formatHex(reference.bytes);
      if (theirs !== ours) assert.notDeepEqual(llvmDisassemble(theirs), [text], `llvm-mc's ${theirs} for ${text}`);
    }
  }
});

test('a moffs operand anywhere but movabs with the accumulator is E_OPERANDS naming the forms and what would work', () => {
  const movabsRcx = operandsMessage(() => new Assembler().emit('movabs', [rcx, qword(ADDRESS)]));
  assert.match(movabsRcx, /only moves to or from al\/ax\/eax\/rax/);
  assert.match(movabsRcx, /accepted forms are: .*movabs rax, moffs64 .*movabs moffs64, rax/);
  const mov = operandsMessage(() => new Assembler().emit('mov', [rax, qword(ADDRESS)]));
  assert.match(mov, /^mov does not accept .*through movabs/);
  // the stated size must be the accumulator's
  assert.match(operandsMessage(() => new Assembler().emit('movabs', [eax, qword(ADDRESS)])), /must be the accumulator's/);
  assert.match(operandsMessage(() => new Assembler().emit('movabs', [rax, dword(ADDRESS)])), /must be the accumulator's/);
  // a ModRM memory operand is not a moffs one
  assert.match(operandsMessage(() => new Assembler().emit('movabs', [rax, qword(rbx)])), /takes memory only as a 64-bit absolute address/);
  // nor can a moffs operand have parts of a ModRM one
  operandsMessage(() => qword(ADDRESS as never, 8 as never));
  operandsMessage(() => qword(ADDRESS).broadcastTo(8));
  operandsMessage(() => word({ absolute: ADDRESS, base: rbx }));
  assert.match(operandsMessage(() => qword(1n << 64n), 'E_RANGE'), /does not fit 64 bits/);
  // the fluent method and the generic matcher agree on refusals too
  operandsMessage(() => new Assembler().encodeGeneric(mnemonicId('movabs'), rcx, qword(ADDRESS)));
});

test('the text parser reads movabs memory as the absolute address, other mnemonics keep the disp32 rule', () => {
  assert.equal(formatHex(assembleX64('movabs eax, dword ptr [0x10 + 0x20*2]')), formatHex(assembleX64('movabs eax, dword ptr [0x50]')));
  assert.equal(formatHex(assembleX64('mov eax, dword ptr [0x50]')), '8b 04 25 50 00 00 00');
  const tooFar = operandsMessage(() => assembleX64('mov rax, qword ptr [0x1122334455667788]'), 'E_RANGE');
  assert.match(tooFar, /movabs rax, qword ptr \[0x1122334455667788\]/);
  assert.match(operandsMessage(() => assembleX64('movabs rax, qword ptr [rbx]')), /line 1, column 1: movabs does not accept/);
  // the disassembler spells A0-A3 movabs, so its text assembles back to the same bytes
  for (const memory of [byte(ADDRESS), word(ADDRESS).withSegment(gs), dword(0x10n), qword(ADDRESS).withSegment(fs)] as Memory[]) {
    const register = [al, ax, eax, rax][[1, 2, 4, 8].indexOf(memory.size)]!;
    for (const bytes of [bytesOf((a) => a.emit('movabs', [register, memory])), bytesOf((a) => a.emit('movabs', [memory, register]))]) {
      const [line] = disassembleX64(Uint8Array.from(bytes.split(' '), (byte) => parseInt(byte, 16)));
      assert.match(line!.text, /^movabs /);
      assert.equal(formatHex(assembleX64(line!.text)), bytes, line!.text);
    }
  }
});

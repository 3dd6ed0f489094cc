import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Decoder, DecoderOptions, Formatter, FormatterSyntax } from 'iced-x86';
import { isJitkitError } from '../../src/errors.ts';
import { emitEpilogue, emitPrologue, SYSV, WIN64 } from '../../src/x64/abi.ts';
import { Assembler, eax, r12, rbx, rdi, xmm6, xmm7 } from '../../src/x64/index.ts';

function disassemble(bytes: Uint8Array): string[] {
  const decoder = new Decoder(64, bytes, DecoderOptions.None);
  const formatter = new Formatter(FormatterSyntax.Intel);
  const lines: string[] = [];
  while (decoder.canDecode) {
    const instruction = decoder.decode();
    lines.push(formatter.format(instruction));
    instruction.free();
  }
  decoder.free();
  formatter.free();
  return lines;
}

/** rsp modulo 16 after the prologue, given rsp ≡ 8 (mod 16) on entry. */
function rspAfterPrologue(lines: readonly string[]): number {
  let rsp = 8;
  for (const line of lines) {
    if (line.startsWith('push')) rsp += 8;
    const sub = /^sub rsp,(\w+)$/.exec(line);
    if (sub) rsp += parseInt(sub[1]!.replace(/h$/, ''), /h$/.test(sub[1]!) ? 16 : 10);
  }
  return rsp % 16;
}

test('argument, return and callee-saved registers follow the SysV and Win64 ABIs', () => {
  assert.deepEqual(SYSV.integerArguments.map(String), ['rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9']);
  assert.deepEqual(WIN64.integerArguments.map(String), ['rcx', 'rdx', 'r8', 'r9']);
  assert.deepEqual(SYSV.calleeSavedGp.map(String), ['rbx', 'rbp', 'r12', 'r13', 'r14', 'r15']);
  assert.ok(WIN64.calleeSavedGp.includes(rdi) && WIN64.calleeSavedXmm.includes(xmm6));
  assert.equal(WIN64.shadowSpace, 32);
  assert.equal(SYSV.redZone, 128);
});

test('prologues keep rsp 16-byte aligned for every combination of saves, locals and frame pointer', () => {
  for (const convention of [SYSV, WIN64]) {
    for (const framePointer of [false, true]) {
      for (let saves = 0; saves <= 2; saves++) {
        for (const locals of [0, 1, 8, 24, 100]) {
          const a = new Assembler();
          const frame = emitPrologue(a, convention, {
            framePointer,
            saveGp: [rbx, r12].slice(0, saves),
            saveXmm: convention === WIN64 ? [xmm6, xmm7].slice(0, saves) : [],
            locals,
            outgoing: convention.shadowSpace,
          });
          const prologueLength = a.length;
          a.mov(eax, 1);
          emitEpilogue(a, frame);
          const lines = disassemble(a.finalize());
          assert.equal(rspAfterPrologue(disassemble(a.finalize().subarray(0, prologueLength))), 0, lines.join('; '));
          assert.equal(lines.at(-1), 'ret');
          assert.ok(frame.reserved >= locals + convention.shadowSpace + 16 * frame.savedXmm.length);
        }
      }
    }
  }
});

test('saving a register the convention does not preserve is E_OPERANDS', () => {
  try {
    emitPrologue(new Assembler(), SYSV, { saveGp: [rdi] });
    assert.fail('expected E_OPERANDS');
  } catch (error) {
    assert.ok(isJitkitError(error, 'E_OPERANDS'));
  }
});

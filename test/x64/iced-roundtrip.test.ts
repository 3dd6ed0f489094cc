import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Code, Decoder, DecoderOptions, Formatter, FormatterSyntax, MemorySizeOptions, OpKind, Register as IcedRegister } from 'iced-x86';
import type { Instruction } from 'iced-x86';
import { formatHex } from '../../src/asm/hex.ts';
import { Assembler, Memory, Register, registerByName } from '../../src/x64/index.ts';
import type { KReg, MemorySize, Operand } from '../../src/x64/index.ts';
import { evexVsibCases, instructionCases } from './instruction-cases.ts';

/**
 * Property: any instruction from the table, encoded by jitkit, decodes with iced-x86 to a single
 * instruction of the same mnemonic (or an alias of it) with the same operands, and assembling what
 * iced decoded gives back the same bytes.
 */
const cases = [...instructionCases(), ...evexVsibCases()];
const formatter = new Formatter(FormatterSyntax.Intel);
// state every memory size and use the plain compare mnemonics (cmpps xmm0, xmm1, 0, not cmpeqps)
formatter.memorySizeOptions = MemorySizeOptions.Always;
formatter.usePseudoOps = false;
/** String instructions list their implicit operands ([rsi], [rdi], al/ax/eax/rax); the table's forms take none. */
const STRING_OPERAND_KINDS = new Set<number>([15, 16, 17, 18, 19, 20, 21, 22, 23].map((kind) => kind as OpKind));
const MOFFS_CODES = new Set<number>([
  Code.Mov_AL_moffs8, Code.Mov_AX_moffs16, Code.Mov_EAX_moffs32, Code.Mov_RAX_moffs64,
  Code.Mov_moffs8_AL, Code.Mov_moffs16_AX, Code.Mov_moffs32_EAX, Code.Mov_moffs64_RAX,
]);
/** Mnemonics iced prints for an encoding that the table spells differently. */
const ALIASES = new Set(['xchg/nop']);
const icedRegisterName = (register: number): string => String((IcedRegister as unknown as Record<number, string>)[register]).toLowerCase();
const SIZE_WORDS: Record<string, MemorySize> = { byte: 1, word: 2, dword: 4, qword: 8, xmmword: 16, ymmword: 32, zmmword: 64 };
const IMMEDIATE_KINDS = new Set<number>([
  OpKind.Immediate8, OpKind.Immediate16, OpKind.Immediate32, OpKind.Immediate64,
  OpKind.Immediate8to16, OpKind.Immediate8to32, OpKind.Immediate8to64, OpKind.Immediate32to64,
  // enter's nesting level, the second immediate
  OpKind.Immediate8_2nd,
]);

function assemble(mnemonic: string, operands: readonly Operand[]): Uint8Array {
  return new Assembler().emit(mnemonic, operands).finalize();
}

/** iced's view of operand `i`, rebuilt as a jitkit operand (undefined for implicit string operands). */
function operandFromIced(instruction: Instruction, i: number): Operand | undefined {
  const kind = instruction.opKind(i);
  if (kind === OpKind.Register) {
    const register = registerByName(icedRegisterName(instruction.opRegister(i)));
    assert.ok(register instanceof Register, `iced register ${icedRegisterName(instruction.opRegister(i))}`);
    return register;
  }
  if (IMMEDIATE_KINDS.has(kind)) {
    const value = BigInt.asIntN(64, instruction.immediate(i));
    return kind === OpKind.Immediate64 ? value : Number(value);
  }
  if (kind === OpKind.Memory) {
    const text = formatter.formatOperand(instruction, i);
    // for a vector index iced names the element size where LLVM (and the table) name the whole operand:
    // leave it unstated, the index width and the registers select the form
    const vectorIndex = instruction.memoryIndex !== IcedRegister.None && /^[xyz]mm/.test(icedRegisterName(instruction.memoryIndex));
    const size = vectorIndex ? 0 : (SIZE_WORDS[text.split(' ')[0]!] ?? 0);
    const base = instruction.memoryBase === IcedRegister.None ? null : registerByName(icedRegisterName(instruction.memoryBase));
    const index = instruction.memoryIndex === IcedRegister.None ? null : registerByName(icedRegisterName(instruction.memoryIndex));
    let disp = Number(BigInt.asIntN(64, instruction.memoryDisplacement));
    // iced reports RIP-relative operands as the absolute target for a decode at address 0
    if (base !== null && base !== undefined && base.toString() === 'rip') disp -= instruction.length;
    const segment = instruction.segmentPrefix === IcedRegister.None ? null : registerByName(icedRegisterName(instruction.segmentPrefix));
    // A0-A3 (moffs): the 8-byte address after the opcode, a 64-bit absolute address
    if (MOFFS_CODES.has(instruction.code)) return new Memory(size, null, null, 1, 0, null, segment as never, 0, 0, instruction.memoryDisplacement);
    return new Memory(
      size,
      base as never,
      index as never,
      (instruction.memoryIndexScale || 1) as 1,
      disp,
      null,
      segment as never,
      // the stated {1toN}: with a mask destination (vfpclassps k1, [rax]{1to8}) it alone fixes the vector length
      instruction.isBroadcast ? Number(/\{1to(\d+)\}/.exec(text)?.[1] ?? -1) : 0,
    );
  }
  return undefined;
}

function withMask(instruction: Instruction, operand: Operand): Operand {
  if (instruction.opMask === IcedRegister.None) return operand;
  const mask = registerByName(icedRegisterName(instruction.opMask)) as KReg;
  if (operand instanceof Memory) return operand.k(mask);
  const masked = (operand as Register).k(mask);
  return instruction.zeroingMasking ? masked.z() : masked;
}

function checkRoundTrip(index: number): void {
      const instruction = cases[index]!;
      let bytes: Uint8Array;
      try {
        bytes = assemble(instruction.mnemonic, instruction.operands);
      } catch {
        return; // operand combinations the table rejects (e.g. ah with REX) are not instructions
      }
      const decoder = new Decoder(64, bytes, DecoderOptions.None);
      const decoded = decoder.decode();
      decoder.free();
      const hex = formatHex(bytes);
      assert.notEqual(decoded.code, Code.INVALID, `iced cannot decode ${hex}`);
      assert.equal(decoded.length, bytes.length, `iced decodes ${decoded.length} of the ${bytes.length} bytes of ${hex}`);

      // 66 90 is `xchg ax, ax` to llvm-mc and the table, but iced decodes it as its operand-less 16-bit NOP
      // (Code.Nopw, printed "xchg"): the same bytes, with no operands to compare.
      if (instruction.mnemonic === 'xchg' && decoded.code === Code.Nopw) {
        decoded.free();
        return;
      }
      let mnemonic = formatter.formatMnemonic(decoded).split(' ').pop()!;
      // iced names REX.W B8+r `mov` even when the value would fit the shorter C7 form; the table calls it movabs
      if (decoded.code === Code.Mov_r64_imm64 && instruction.mnemonic === 'movabs') mnemonic = 'movabs';
      // and A0-A3 with an 8-byte address `mov` too; llvm-mc and the table spell them movabs
      if (MOFFS_CODES.has(decoded.code) && instruction.mnemonic === 'movabs') mnemonic = 'movabs';
      const operands: Operand[] = [];
      let stringInstruction = false;
      // xlat reads [rbx + al] whatever is written: iced shows that operand, llvm-mc and the table spell
      // the instruction xlatb, without one
      const xlat = decoded.code === Code.Xlat_m8;
      if (xlat) mnemonic = 'xlatb';
      for (let i = 0; i < (xlat ? 0 : decoded.opCount); i++) {
        if (STRING_OPERAND_KINDS.has(decoded.opKind(i))) stringInstruction = true;
        const operand = operandFromIced(decoded, i);
        if (operand !== undefined) operands.push(i === 0 ? withMask(decoded, operand) : operand);
      }
      // (maskmovdqu's implicit [rdi] is such an operand too, but its xmm operands are explicit)
      if (stringInstruction && decoded.isStringInstruction) operands.length = 0;
      // iced leaves out the implicit xmm0 of the SSE4.1 variable blends and of sha256rnds2
      if (/^(blendvps|blendvpd|pblendvb|sha256rnds2)$/.test(mnemonic) && operands.length === 2) operands.push(registerByName('xmm0') as Register);
      let reassembled = formatHex(assemble(mnemonic, operands));
      // xchg is symmetric: `86 /r` decodes as (r/m, reg) but llvm-mc (and the table) put the first operand in reg
      if (mnemonic === 'xchg' && reassembled !== hex) reassembled = formatHex(assemble(mnemonic, [...operands].reverse()));
      assert.equal(reassembled, hex, `${formatter.format(decoded)} re-assembles to ${reassembled}, not ${hex}`);
      if (mnemonic !== instruction.mnemonic && !ALIASES.has(`${instruction.mnemonic}/${mnemonic}`)) {
        // an alias (je/jz, sal/shl, xchg rax,rax/nop): our mnemonic with iced's operands must give the same bytes;
        // a compare pseudo-op (cmpltps = cmpps with imm8 1) takes them without the predicate, which iced
        // prints as the last operand
        const predicate = instruction.form.fixedImm;
        const aliasOperands = predicate >= 0 ? operands.slice(0, -1) : operands;
        if (predicate >= 0) assert.equal(operands[operands.length - 1], predicate, `${instruction.mnemonic}: iced reads predicate ${String(operands[operands.length - 1])}`);
        assert.equal(formatHex(assemble(instruction.mnemonic, aliasOperands)), hex, `${instruction.mnemonic} decoded as ${mnemonic}`);
      }
      decoded.free();
}

test('random table instructions decode with iced-x86 to the same instruction and re-assemble to the same bytes', () => {
  if (process.env.JITKIT_ICED_ALL) {
    const seen = new Map<string, number>();
    for (let i = 0; i < cases.length; i += 7) {
      try { checkRoundTrip(i); } catch (error) {
        const key = `${cases[i]!.mnemonic}: ${(error as Error).message.split('\n')[0]}`;
        if (!seen.has(cases[i]!.mnemonic)) console.log(key);
        seen.set(cases[i]!.mnemonic, (seen.get(cases[i]!.mnemonic) ?? 0) + 1);
      }
    }
  }
  fc.assert(fc.property(fc.integer({ min: 0, max: cases.length - 1 }), checkRoundTrip), { numRuns: 4000 });
});

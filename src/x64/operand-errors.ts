import { JitkitError } from '../errors.ts';
import type { Form } from './form.ts';
import { Encoding } from './form.ts';
import type { Memory } from './memory.ts';
import { describeImmClass, immediateFits, Kind, MEM_KINDS, vsibFits } from './operand-kind.ts';
import { describeOperand, kindOf } from './operand.ts';
import type { Operand } from './operand.ts';
import { RoundingClass, roundingFits } from './rounding.ts';
import { specOf } from './table-expand.ts';

/**
 * Builds the E_OPERANDS error for operands that no form of `mnemonic` accepts: it names the instruction,
 * what was given, the closest reason (an immediate out of range, a missing size, a mask on a form that
 * has none) and lists every form the instruction accepts.
 */
export function operandError(mnemonic: string, forms: readonly Form[], operands: readonly (Operand | undefined)[]): JitkitError {
  const given = operands.filter((operand) => operand !== undefined);
  const kinds = given.map((operand) => kindOf(operand));
  const accepted = [...new Set(forms.map((form) => form.text))];
  let reason = '';
  for (const form of forms) {
    if (form.count !== given.length) continue;
    let shapeMatches = true;
    for (let i = 0; i < form.count; i++) if ((specOf(form, i) & kinds[i]!) === 0) shapeMatches = false;
    if (!shapeMatches) {
      const unsized = kinds.findIndex((kind, i) => kind === Kind.MEM_UNSIZED && (specOf(form, i) & ~Kind.MEM_UNSIZED & (Kind.M8 | Kind.M16 | Kind.M32 | Kind.M64 | Kind.M128 | Kind.M256 | Kind.M512)) !== 0);
      if (unsized >= 0 && reason === '') reason = `the memory operand needs a size (byte/word/dword/qword/xmmword/ymmword/zmmword ptr) to choose between forms; `;
      continue;
    }
    const shaped = form.vsibOp >= 0 ? form.vsibOp : form.moffsOp;
    if (shaped >= 0 && !vsibFits((given[shaped] as Memory).vsib, form.vsib, form.encoding === Encoding.EVEX)) {
      reason ||= form.moffsOp >= 0
        ? 'the size stated for the absolute address must be the accumulator\'s (byte al, word ax, dword eax, qword rax) or none; '
        : 'the vector index or the stated size of the memory operand does not fit this form; ';
      continue;
    }
    if (form.roundingOp >= 0 && !roundingFits(given[form.roundingOp], form.roundingClass)) {
      reason ||= form.roundingClass === RoundingClass.ER
        ? 'this form takes a rounding mode {rn-sae}, {rd-sae}, {ru-sae} or {rz-sae} there; '
        : 'this form takes {sae} there (it suppresses exceptions and has no rounding to choose); ';
      continue;
    }
    if (form.immCheckOp >= 0 && !immediateFits(given[form.immCheckOp] as number | bigint, form.immClass)) {
      reason ||= `immediate ${String(given[form.immCheckOp])} does not fit ${describeImmClass(form.immClass)}; `;
      continue;
    }
    const destination = given[0] as { decoration?: number } | undefined;
    if (destination && typeof destination === 'object' && (destination.decoration ?? 0) !== 0) {
      reason ||= (destination.decoration! & 8) !== 0 && form.maskMode === 1
        ? 'this form allows merge-masking {k} but not zeroing {z}; '
        : 'masking {k} needs an EVEX form that writes under a mask; ';
      continue;
    }
    reason ||= 'the broadcast {1toN} count does not match the vector length; ';
  }
  // a 64-bit absolute address has one encoding (A0-A3, no ModRM), which no other form can stand in for
  const memories = given.filter((operand) => (kindOf(operand) & MEM_KINDS) !== 0) as Memory[];
  if (reason === '' && memories.some((memory) => memory.absolute !== null)) {
    reason = 'a 64-bit absolute address (moffs) only moves to or from al/ax/eax/rax, through movabs (opcodes A0-A3); ' +
      'for another register or instruction put the address in a register first (movabs rcx, 0x…; mov rdx, [rcx]); ';
  } else if (reason === '' && memories.length > 0 && forms.some((form) => form.moffsOp >= 0)) {
    reason = `${mnemonic} takes memory only as a 64-bit absolute address: movabs rax, qword ptr [0x1122334455667788] (qword(0x1122334455667788n)); `;
  }
  const what = given.length === 0 ? 'no operands' : `(${given.map(describeOperand).join(', ')})`;
  return new JitkitError(
    'E_OPERANDS',
    `${mnemonic} does not accept ${what}: ${reason}accepted forms are: ${accepted.join(' | ')}`,
    { mnemonic, accepted },
  );
}

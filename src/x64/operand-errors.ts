import { JitkitError } from '../errors.ts';
import type { Form } from './form.ts';
import { describeImmClass, immediateFits, Kind } from './operand-kind.ts';
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
  const what = given.length === 0 ? 'no operands' : `(${given.map(describeOperand).join(', ')})`;
  return new JitkitError(
    'E_OPERANDS',
    `${mnemonic} does not accept ${what}: ${reason}accepted forms are: ${accepted.join(' | ')}`,
    { mnemonic, accepted },
  );
}

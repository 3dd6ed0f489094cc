import { Kind } from './operand-kind.ts';

/**
 * An AVX-512 static rounding or exception-suppression operand, written where Intel syntax writes it
 * (`vaddps zmm1, zmm2, zmm3, {rn-sae}`, `vrndscaleps zmm1, zmm2, {sae}, 5`). With a register source,
 * EVEX.b = 1 turns the vector-length field L'L into the rounding control (00 nearest, 01 down, 10 up,
 * 11 toward zero) and suppresses floating-point exceptions; `{sae}` alone only suppresses them (Intel
 * SDM Vol. 2, 2.7.1 "Static Rounding Support in EVEX"). Hence these forms exist only at 512 bits and for
 * scalars, where L'L is free.
 *
 * It matches operand slots as an immediate-like kind; the form's rounding class decides which of these
 * values it takes.
 */
export class Rounding {
  readonly kind = Kind.IMM;
  /** Rounding control for `{r?-sae}` (0-3); 4 for `{sae}` without a rounding override. */
  readonly roundingCode: number;
  readonly name: string;

  constructor(name: string, roundingCode: number) {
    this.name = name;
    this.roundingCode = roundingCode;
  }

  toString(): string {
    return `{${this.name}}`;
  }
}

export const rnSae = new Rounding('rn-sae', 0);
export const rdSae = new Rounding('rd-sae', 1);
export const ruSae = new Rounding('ru-sae', 2);
export const rzSae = new Rounding('rz-sae', 3);
export const sae = new Rounding('sae', 4);

/** Form rounding classes: which Rounding values a form's rounding slot takes. */
export const RoundingClass = {
  NONE: 0,
  /** Embedded rounding `{rn-sae}` … `{rz-sae}` (implies SAE). */
  ER: 1,
  /** Suppress-all-exceptions only. */
  SAE: 2,
} as const;

/** True when `value` is a Rounding the form's rounding class accepts. */
export function roundingFits(value: unknown, roundingClass: number): boolean {
  if (!(value instanceof Rounding)) return false;
  return roundingClass === RoundingClass.ER ? value.roundingCode < 4 : value.roundingCode === 4;
}

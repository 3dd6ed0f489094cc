import { JitkitError } from '../errors.ts';
import { parseSignature, type Signature } from '../call/index.ts';

const shapes = new Map<string, string>();

/** The machine-level shape of a signature: what each value is, not how it was spelled (cached: swaps are hot). */
export function signatureShape(signature: Signature | string): string {
  const key = typeof signature === 'string' ? signature : signature.text;
  let shape = shapes.get(key);
  if (shape === undefined) {
    const parsed = typeof signature === 'string' ? parseSignature(signature) : signature;
    shape = `${parsed.result.kind} (${parsed.params.map((param) => param.kind).join(', ')})`;
    shapes.set(key, shape);
  }
  return shape;
}

/** E_SIGNATURE_MISMATCH unless `actual` passes and returns the same kinds of values as `expected`. */
export function assertSameSignature(expected: Signature | string, actual: Signature | string, what: string): void {
  const want = signatureShape(expected);
  const got = signatureShape(actual);
  if (want !== got) {
    throw new JitkitError(
      'E_SIGNATURE_MISMATCH',
      `${what} has signature "${got}", but callers of this entry were promised "${want}"; pass a function with the same parameter and result types`,
      { expected: want, got },
    );
  }
}

/**
 * Arithmetic on the constants of assembly text, which are JS numbers while exact (|v| <= 2^53) and
 * bigints beyond. Results stay numbers when they are still exact, so the common case never allocates.
 */
export type Constant = number | bigint;

function exact(value: bigint): Constant {
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

export function addConstants(a: Constant, b: Constant): Constant {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return exact(BigInt(a) + BigInt(b));
}

export function subtractConstants(a: Constant, b: Constant): Constant {
  if (typeof a === 'number' && typeof b === 'number') {
    const difference = a - b;
    if (Number.isSafeInteger(difference)) return difference;
  }
  return exact(BigInt(a) - BigInt(b));
}

export function multiplyConstants(a: Constant, b: Constant): Constant {
  if (typeof a === 'number' && typeof b === 'number') {
    const product = a * b;
    if (Number.isSafeInteger(product)) return product;
  }
  return exact(BigInt(a) * BigInt(b));
}

export function negateConstant(a: Constant): Constant {
  return typeof a === 'number' ? (a === 0 ? 0 : -a) : exact(-a);
}

/** A constant as a JS number when it is in [min, max], else undefined. */
export function constantInRange(value: Constant, min: number, max: number): number | undefined {
  const number = typeof value === 'number' ? value : value >= BigInt(min) && value <= BigInt(max) ? Number(value) : undefined;
  return number !== undefined && number >= min && number <= max ? number : undefined;
}

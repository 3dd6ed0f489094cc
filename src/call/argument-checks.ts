import { JitkitError } from '../errors.ts';
import type { ParsedType, ScalarType } from './signature.ts';

/**
 * Conversions from a JS argument to what koffi should pass, for values that miss the fast path in the
 * generated call wrapper (a number that is already an in-range integer goes straight through). Each
 * throws `E_ARGUMENTS` naming the parameter and what it accepts, before any native code runs.
 */
type Normalizer = (value: unknown, index: number, signature: string) => unknown;

const INTEGER_RANGES: Partial<Record<ScalarType, readonly [bigint, bigint]>> = {
  int8: [-(1n << 7n), (1n << 7n) - 1n],
  int16: [-(1n << 15n), (1n << 15n) - 1n],
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  uint8: [0n, (1n << 8n) - 1n],
  uint16: [0n, (1n << 16n) - 1n],
  uint32: [0n, (1n << 32n) - 1n],
  uint64: [0n, (1n << 64n) - 1n],
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return String(value);
}

function argumentError(index: number, type: ParsedType, signature: string, value: unknown, accepts: string): JitkitError {
  return new JitkitError(
    'E_ARGUMENTS',
    `argument ${index + 1} of "${signature}" is ${type.spelling}; got ${describe(value)}, expected ${accepts}`,
    { index, type: type.kind },
  );
}

function integerNormalizer(type: ParsedType): Normalizer {
  const [min, max] = INTEGER_RANGES[type.kind]!;
  const wide = type.kind === 'int64' || type.kind === 'uint64';
  const accepts = `an integer from ${min} to ${max}${wide ? ' (a number or a bigint)' : ''}`;
  return (value, index, signature) => {
    let asBig: bigint;
    if (typeof value === 'number' && Number.isInteger(value)) asBig = BigInt(value);
    else if (typeof value === 'bigint') asBig = value;
    else throw argumentError(index, type, signature, value, accepts);
    if (asBig < min || asBig > max) throw argumentError(index, type, signature, value, accepts);
    // koffi takes bigints for 64-bit values beyond 2^53; smaller values go as numbers.
    return wide && (asBig > BigInt(Number.MAX_SAFE_INTEGER) || asBig < BigInt(Number.MIN_SAFE_INTEGER)) ? asBig : Number(asBig);
  };
}

function pointerNormalizer(type: ParsedType): Normalizer {
  const accepts = 'a bigint address, null, or an ArrayBuffer / TypedArray / DataView (passed by address, not copied)';
  return (value, index, signature) => {
    if (value === null || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value;
    if (typeof value === 'bigint' && value >= 0n && value < 1n << 64n) return value;
    throw argumentError(index, type, signature, value, accepts);
  };
}

export function normalizerFor(type: ParsedType): Normalizer {
  switch (type.kind) {
    case 'pointer':
      return pointerNormalizer(type);
    case 'float':
    case 'double':
      return (value, index, signature) => {
        if (typeof value === 'number') return value;
        throw argumentError(index, type, signature, value, 'a number');
      };
    case 'bool':
      return (value, index, signature) => {
        if (typeof value === 'boolean') return value;
        throw argumentError(index, type, signature, value, 'true or false');
      };
    case 'void':
      throw new JitkitError('E_SIGNATURE', 'void is not a parameter type');
    default:
      return integerNormalizer(type);
  }
}

/**
 * A JS expression that is true when `name` can be passed to koffi unchanged, so the common case costs
 * one or two comparisons. Everything else goes through the normalizer.
 */
export function fastPathTest(kind: ScalarType, name: string): string {
  // `typeof` first: bitwise operators throw a TypeError on bigints, and a bigint goes through the normalizer.
  const isNumber = `typeof ${name} === 'number'`;
  switch (kind) {
    case 'int32':
      return `${isNumber} && (${name} | 0) === ${name}`;
    case 'uint32':
      return `${isNumber} && (${name} >>> 0) === ${name}`;
    case 'int8':
      return `${isNumber} && ((${name} << 24) >> 24) === ${name}`;
    case 'uint8':
      return `${isNumber} && (${name} & 0xff) === ${name}`;
    case 'int16':
      return `${isNumber} && ((${name} << 16) >> 16) === ${name}`;
    case 'uint16':
      return `${isNumber} && (${name} & 0xffff) === ${name}`;
    case 'int64':
      return `${isNumber} && Number.isSafeInteger(${name})`;
    case 'uint64':
      return `${isNumber} && Number.isSafeInteger(${name}) && ${name} >= 0`;
    case 'float':
    case 'double':
      return isNumber;
    case 'bool':
      return `typeof ${name} === 'boolean'`;
    case 'pointer':
      return `typeof ${name} === 'bigint' && ${name} >= 0n && ${name} <= 0xffffffffffffffffn`;
    case 'void':
      return 'false';
  }
}

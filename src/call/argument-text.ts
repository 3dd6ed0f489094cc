import { JitkitError } from '../errors.ts';
import type { Signature } from './signature.ts';

function parseInteger(text: string): bigint | undefined {
  const trimmed = text.trim();
  if (!/^[-+]?(0x[0-9a-f_]+|0b[01_]+|0o[0-7_]+|\d[\d_]*)$/i.test(trimmed)) return undefined;
  const negative = trimmed.startsWith('-');
  const body = trimmed.replace(/^[-+]/, '').replace(/_/g, '');
  const value = BigInt(body);
  return negative ? -value : value;
}

/**
 * Turns command-line argument text into values for `signature`: integers (decimal, 0x, 0b, 0o) become
 * bigints, floats become numbers, `true`/`false` booleans, pointers an address or `null`.
 */
export function parseArgumentTexts(signature: Signature, texts: readonly string[]): unknown[] {
  if (texts.length !== signature.params.length) {
    throw new JitkitError('E_ARGUMENTS', `"${signature.text}" takes ${signature.params.length} argument(s); got ${texts.length} (${texts.join(',') || 'none'})`);
  }
  return signature.params.map((param, index) => {
    const text = texts[index]!.trim();
    const fail = (expected: string): never => {
      throw new JitkitError('E_ARGUMENTS', `argument ${index + 1} ('${text}') is not ${expected} for ${param.spelling}`);
    };
    switch (param.kind) {
      case 'float':
      case 'double': {
        const value = Number(text);
        return text === '' || Number.isNaN(value) && text.toLowerCase() !== 'nan' ? fail('a number') : value;
      }
      case 'bool':
        if (text === 'true' || text === '1') return true;
        if (text === 'false' || text === '0') return false;
        return fail('true or false');
      case 'pointer':
        if (text === 'null' || text === 'NULL') return null;
        return parseInteger(text) ?? fail('an address such as 0x7f001000 or null');
      default:
        return parseInteger(text) ?? fail('an integer (decimal, 0x…, 0b…, 0o…)');
    }
  });
}

/** How `jitkit run` prints a result: decimal integers, shortest round-trip doubles, nothing for void. */
export function formatResult(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'bigint') return value.toString();
  return String(value);
}

import { JitkitError } from '../errors.ts';

/** Value types a native function can take or return, named the way C's <stdint.h> names them. */
export type ScalarType =
  | 'void'
  | 'bool'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float'
  | 'double'
  | 'pointer';

export interface ParsedType {
  readonly kind: ScalarType;
  /** How the user wrote it (`double *`, `size_t`), for messages. */
  readonly spelling: string;
}

export interface Signature {
  readonly result: ParsedType;
  readonly params: readonly ParsedType[];
  /** The canonical text, e.g. `int64 (int64, int64)`. */
  readonly text: string;
}

/** Spellings accepted for each type. `long` is deliberately absent: it is 64-bit on Linux, 32-bit on Windows. */
const TYPE_NAMES: Readonly<Record<string, ScalarType>> = {
  void: 'void',
  bool: 'bool',
  _Bool: 'bool',
  int8: 'int8',
  int8_t: 'int8',
  int16: 'int16',
  int16_t: 'int16',
  short: 'int16',
  int32: 'int32',
  int32_t: 'int32',
  int: 'int32',
  int64: 'int64',
  int64_t: 'int64',
  'long long': 'int64',
  ssize_t: 'int64',
  intptr_t: 'int64',
  ptrdiff_t: 'int64',
  uint8: 'uint8',
  uint8_t: 'uint8',
  char: 'int8',
  'unsigned char': 'uint8',
  uint16: 'uint16',
  uint16_t: 'uint16',
  'unsigned short': 'uint16',
  uint32: 'uint32',
  uint32_t: 'uint32',
  unsigned: 'uint32',
  'unsigned int': 'uint32',
  uint64: 'uint64',
  uint64_t: 'uint64',
  'unsigned long long': 'uint64',
  size_t: 'uint64',
  uintptr_t: 'uint64',
  float: 'float',
  double: 'double',
};

const KNOWN = 'void, bool, int8..int64, uint8..uint64 (or int8_t.., int, unsigned, size_t, intptr_t), float, double, and pointers such as `double *`';

function parseType(raw: string, signatureText: string, position: 'result' | number): ParsedType {
  let text = raw.trim().replace(/\s+/g, ' ');
  const where = position === 'result' ? 'return type' : `parameter ${position + 1}`;
  const star = text.indexOf('*');
  if (star >= 0) {
    // `const double *values`: pointee before the first '*', an optional name after the last one.
    const pointee = text.slice(0, star).replace(/\bconst\b/g, '').trim();
    const name = text.slice(text.lastIndexOf('*') + 1).trim();
    const between = text.slice(star, text.lastIndexOf('*') + 1).replace(/[\s*]|const/g, '');
    const validPointee = pointee === '' ? false : TYPE_NAMES[pointee] !== undefined || /^(struct |union )?[A-Za-z_]\w*$/.test(pointee);
    if (!validPointee || between !== '' || (name !== '' && !/^(const\s+)?[A-Za-z_]\w*$/.test(name))) {
      throw new JitkitError('E_SIGNATURE', `${where} '${raw.trim()}' in "${signatureText}" is not a type; known types: ${KNOWN}`);
    }
    return { kind: 'pointer', spelling: text.slice(0, text.lastIndexOf('*') + 1) };
  }
  text = text.replace(/^const /, '');
  // A trailing identifier is a parameter name: "int64 count".
  const named = /^(.*\S)\s+([A-Za-z_]\w*)$/.exec(text);
  let kind = TYPE_NAMES[text];
  if (kind === undefined && named !== null && TYPE_NAMES[named[1]!] !== undefined) kind = TYPE_NAMES[named[1]!];
  if (kind === undefined) {
    throw new JitkitError('E_SIGNATURE', `unknown ${where} '${raw.trim()}' in "${signatureText}"; known types: ${KNOWN}`);
  }
  if (kind === 'void' && position !== 'result') {
    throw new JitkitError('E_SIGNATURE', `${where} of "${signatureText}" is void; only the return type may be void (write "()" for no parameters)`);
  }
  return { kind, spelling: text };
}

/**
 * Parses a C-like signature: `"int64 (int64, int64)"`, `"double (double *, size_t)"`, `"void ()"`,
 * `"int (void)"`, with optional parameter names (`"double (double *values, size_t count)"`).
 */
export function parseSignature(text: string): Signature {
  if (typeof text !== 'string') {
    throw new JitkitError('E_SIGNATURE', `a signature must be a string such as "int64 (int64, int64)", not ${typeof text}`);
  }
  const match = /^\s*([^()]+?)\s*\(([^()]*)\)\s*$/.exec(text);
  if (match === null) {
    throw new JitkitError('E_SIGNATURE', `"${text}" is not a signature; write it like C without a name: "int64 (int64, int64)" or "void ()"`);
  }
  const result = parseType(match[1]!, text, 'result');
  const list = match[2]!.trim();
  const rawParams = list === '' || list === 'void' ? [] : list.split(',');
  const params = rawParams.map((param, index) => {
    if (param.trim() === '') throw new JitkitError('E_SIGNATURE', `parameter ${index + 1} of "${text}" is empty`);
    return parseType(param, text, index);
  });
  const canonical = `${result.kind === 'pointer' ? 'void *' : result.kind} (${params.map((p) => (p.kind === 'pointer' ? 'void *' : p.kind)).join(', ')})`;
  return { result, params, text: canonical };
}

import type { OsCallRecord } from '../memory/index.ts';

/** `mmap(NULL, 4096, PROT_READ|PROT_WRITE, ...) = 0x7f...` — strace's shape, which readers already know. */
export function formatOsCall(record: OsCallRecord): string {
  const args = record.args.map((arg) => (typeof arg === 'string' ? arg : String(arg))).join(', ');
  const error = record.error !== undefined ? ` (errno ${record.error})` : '';
  return `${record.name}(${args}) = ${String(record.result)}${error}`;
}

/** JSON.stringify that writes bigints as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item), 2);
}

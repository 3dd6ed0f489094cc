import { nativePlatform } from '../native/index.ts';
import type { MappingInfo } from '../native/platform.ts';

/** The OS's record of the mapping that contains `address` (its real current protection), if any. */
export function mappingAt(address: bigint): MappingInfo | undefined {
  return nativePlatform().mappings().find((mapping) => address >= mapping.start && address < mapping.end);
}

/** `rwx`-style protection letters for the mapping holding `address`, or `unmapped`. */
export function protectionAt(address: bigint): string {
  const mapping = mappingAt(address);
  if (mapping === undefined) return 'unmapped';
  return `${mapping.readable ? 'r' : '-'}${mapping.writable ? 'w' : '-'}${mapping.executable ? 'x' : '-'}`;
}

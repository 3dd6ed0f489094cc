import type { MappingInfo } from './platform.ts';

/** Parses Linux `/proc/<pid>/maps` lines: `start-end perms offset dev inode [path]`. */
export function parseProcMaps(text: string): MappingInfo[] {
  const mappings: MappingInfo[] = [];
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]+)-([0-9a-f]+)\s+([r-])([w-])([x-])([ps])\s+\S+\s+\S+\s+\S+\s*(.*)$/.exec(line);
    if (match === null) continue;
    mappings.push({
      start: BigInt(`0x${match[1]}`),
      end: BigInt(`0x${match[2]}`),
      readable: match[3] === 'r',
      writable: match[4] === 'w',
      executable: match[5] === 'x',
      shared: match[6] === 's',
      path: match[7]!.trim(),
    });
  }
  return mappings;
}

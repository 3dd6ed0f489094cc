import { parseArgs } from 'node:util';
import { JitkitError } from '../errors.ts';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * Parses a command's arguments strictly: an unknown option or a missing value is a usage error
 * (exit code 2), never silently ignored.
 */
export function parseOptions<T extends OptionSpec>(
  command: string,
  args: string[],
  spec: T,
): { values: { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean } & { help?: boolean }; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args,
      options: { ...spec, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return parsed as never;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new JitkitError('E_USAGE', `${command}: ${message}; see 'jitkit ${command} --help'`);
  }
}

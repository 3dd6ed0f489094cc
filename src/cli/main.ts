import { isJitkitError } from '../errors.ts';
import type { CliCommand, CliIo } from './command.ts';
import { asmCommand } from './asm.ts';
import { benchCommand } from './bench.ts';
import { demoCommand } from './demo.ts';
import { disasmCommand } from './disasm.ts';
import { probeCommand } from './probe.ts';
import { runCommand } from './run.ts';

export const COMMANDS: readonly CliCommand[] = [probeCommand, runCommand, asmCommand, disasmCommand, demoCommand, benchCommand];

function usage(): string {
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(8)} ${command.summary}`);
  return `usage: jitkit <command> [options]    (jitkit <command> --help for details)

Write machine code at run time, run it, and rewrite it while it runs.

commands:
${lines.join('\n')}`;
}

/** Runs the CLI; returns the exit code. Bad input prints one line `jitkit: error: …` and returns 2. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.err(`jitkit: error: unknown command '${name}'; commands: ${COMMANDS.map((candidate) => candidate.name).join(', ')}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isJitkitError(error)) {
      io.err(`jitkit: error: ${error.message} [${error.code}]`);
      return error.code === 'E_NATIVE' || error.code === 'E_UNSUPPORTED' ? 1 : 2;
    }
    throw error;
  }
}

export function processIo(): CliIo {
  // `jitkit demo | head` closes the pipe early: stop writing quietly, as Unix tools do, instead of crashing.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdinIsTerminal: process.stdin.isTTY === true,
  };
}

/** What every `jitkit <command>` file exports. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Reads all of standard input (for commands that take one item per line). */
  readStdin(): Promise<string>;
  readonly stdinIsTerminal: boolean;
}

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  /** Returns the exit code: 0 success, 1 the work failed, 2 bad input (thrown as JitkitError). */
  run(args: string[], io: CliIo): Promise<number>;
}

import { parseHex } from '../asm/hex.ts';
import { compile, formatResult, parseArgumentTexts, parseSignature } from '../call/index.ts';
import { JitkitError } from '../errors.ts';
import { isCodePolicy, onOsCall } from '../memory/index.ts';
import type { CliCommand } from './command.ts';
import { parseOptions } from './options.ts';
import { formatOsCall } from './trace-format.ts';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'execute machine code given as hex and print what it returns',
  help: `usage: jitkit run --hex "<bytes>" [--sig "<signature>"] [--args a,b,...] [--policy P] [--trace]

Loads the bytes into executable memory, calls them with the signature, prints the return value
alone on its line (nothing for void), and frees the memory.

  --hex "<bytes>"    machine code, e.g. "b8 2a 00 00 00 c3" (mov eax, 42; ret)
  --sig "<sig>"      C-like signature without a name; default "int64 ()"
                     e.g. "int32 (int32, int32)", "double (double, double)", "void ()"
  --args a,b,...     arguments: integers (42, -1, 0x2a), numbers (1.5), true/false, addresses or null
  --policy P         auto (default), wx, dual, or rwx (unsafe: writable and executable at once)
  --trace            print every OS call to stderr

example: jitkit run --hex "b8 2a 00 00 00 c3"   prints 42`,
  async run(args, io) {
    const { values, positionals } = parseOptions('run', args, {
      hex: { type: 'string' },
      sig: { type: 'string' },
      args: { type: 'string' },
      policy: { type: 'string' },
      trace: { type: 'boolean' },
    });
    if (values.help) {
      io.out(this.help);
      return 0;
    }
    if (positionals.length > 0) {
      throw new JitkitError('E_USAGE', `run: unexpected '${positionals[0]}'; pass machine code with --hex "b8 2a 00 00 00 c3"`);
    }
    if (values.hex === undefined) {
      throw new JitkitError('E_USAGE', 'run: nothing to run; pass machine code with --hex "b8 2a 00 00 00 c3"');
    }
    const policy = values.policy ?? 'auto';
    if (!isCodePolicy(policy)) throw new JitkitError('E_USAGE', `run: unknown policy '${policy}'; use auto, wx, dual or rwx`);
    const code = parseHex(values.hex);
    if (code.length === 0) throw new JitkitError('E_HEX', 'run: --hex holds no bytes; give at least one instruction, e.g. "c3" (ret)');
    const signatureText = values.sig ?? 'int64 ()';
    const signature = parseSignature(signatureText);
    const argumentTexts = values.args === undefined || values.args.trim() === '' ? [] : values.args.split(',');
    const callArgs = parseArgumentTexts(signature, argumentTexts);
    const previous = values.trace ? onOsCall((record) => io.err(`[os] ${formatOsCall(record)}`)) : null;
    try {
      const fn = compile(code, signatureText, { policy });
      try {
        const printed = formatResult(fn(...callArgs));
        if (printed !== undefined) io.out(printed);
      } finally {
        fn.dispose();
      }
    } finally {
      if (values.trace) onOsCall(previous);
    }
    return 0;
  },
};

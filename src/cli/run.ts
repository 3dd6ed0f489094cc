import { parseHex } from '../asm/hex.ts';
import { compile, formatResult, parseArgumentTexts, parseSignature } from '../call/index.ts';
import { JitkitError } from '../errors.ts';
import { isCodePolicy, onOsCall } from '../memory/index.ts';
import type { CliCommand } from './command.ts';
import { parseOptions } from './options.ts';
import { formatOsCall } from './trace-format.ts';
import { assembleText, hostArchitecture } from './architectures.ts';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'execute assembly text or machine code (hex) and print what it returns',
  help: `usage: jitkit run "<assembly>" | --hex "<bytes>" [--sig "<signature>"] [--args a,b,...] [--policy P] [--trace]

Assembles the text for this CPU (or takes the bytes), loads it into executable memory, calls it with
the signature, prints the return value alone on its line (nothing for void), and frees the memory.

  "<assembly>"       x64: Intel syntax, e.g. "mov eax, 42; ret"; arm64: "mov w0, #42; ret"
                     (the syntax of 'jitkit asm'; assembled at the address the code is loaded at)
  --hex "<bytes>"    machine code, e.g. "b8 2a 00 00 00 c3" (mov eax, 42; ret)
  --sig "<sig>"      C-like signature without a name; default "int64 ()"
                     e.g. "int32 (int32, int32)", "double (double, double)", "void ()"
  --args a,b,...     arguments: integers (42, -1, 0x2a), numbers (1.5), true/false, addresses or null
  --policy P         auto (default), wx, dual, or rwx (unsafe: writable and executable at once)
  --trace            print every OS call to stderr

examples: jitkit run "mov eax, 42; ret"                                      prints 42
          jitkit run "lea eax, [rdi + rsi]; ret" --sig "int32 (int32, int32)" --args 40,2   prints 42
          jitkit run --hex "b8 2a 00 00 00 c3"                                prints 42`,
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
    if (positionals.length > 0 && values.hex !== undefined) {
      throw new JitkitError('E_USAGE', `run: give either assembly text or --hex, not both`);
    }
    if (positionals.length === 0 && values.hex === undefined) {
      throw new JitkitError('E_USAGE', 'run: nothing to run; pass assembly text ("mov eax, 42; ret") or machine code with --hex "b8 2a 00 00 00 c3"');
    }
    const policy = values.policy ?? 'auto';
    if (!isCodePolicy(policy)) throw new JitkitError('E_USAGE', `run: unknown policy '${policy}'; use auto, wx, dual or rwx`);
    const code = values.hex !== undefined ? parseHex(values.hex) : assembleForHost(positionals.join('\n'));
    if (code.length === 0) {
      throw new JitkitError(values.hex !== undefined ? 'E_HEX' : 'E_SYNTAX', `run: ${values.hex !== undefined ? '--hex holds no bytes' : 'the text holds no instructions'}; give at least one instruction, e.g. ${values.hex !== undefined ? '"c3"' : '"ret"'}`);
    }
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

/**
 * Assembles for the CPU the code will run on. The load address is chosen only when the code is loaded,
 * so the text must not depend on it: labels and RIP/PC-relative references do not, but a branch to an
 * absolute address (`call 0x401000`) does. Assembling at two different bases tells the two apart.
 */
function assembleForHost(text: string): Uint8Array {
  const architecture = hostArchitecture('run');
  const code = assembleText(architecture, text, 0n);
  const elsewhere = assembleText(architecture, text, 0x1000_0000n);
  if (code.some((byte, i) => byte !== elsewhere[i])) {
    throw new JitkitError('E_UNSUPPORTED', 'run: this text branches to an absolute address, so its bytes depend on where it is loaded; use labels, or jitkit asm --base with your own loader');
  }
  return code;
}

import { formatHex } from '../asm/hex.ts';
import { JitkitError, isJitkitError } from '../errors.ts';
import { assembleText, disassembleBytes, parseArchitecture, parseBase } from './architectures.ts';
import type { Architecture } from './architectures.ts';
import type { CliCommand } from './command.ts';
import { formatByteList, formatListing } from './listing-format.ts';
import { parseOptions } from './options.ts';

type Format = 'hex' | 'bytes' | 'listing';

function parseFormat(value: string | undefined): Format {
  if (value === undefined) return 'hex';
  if (value === 'hex' || value === 'bytes' || value === 'listing') return value;
  throw new JitkitError('E_USAGE', `asm: unknown format '${value}'; use --format hex, bytes or listing`);
}

function render(format: Format, architecture: Architecture, bytes: Uint8Array, base: bigint): string {
  if (format === 'hex') return formatHex(bytes);
  if (format === 'bytes') return formatByteList(bytes);
  return formatListing(disassembleBytes(architecture, bytes, base));
}

export const asmCommand: CliCommand = {
  name: 'asm',
  summary: 'assemble x86-64 (Intel syntax) or AArch64 text to machine code',
  help: `usage: jitkit asm [--arch x64|arm64] [--format hex|bytes|listing] [--base 0x…] ["<text>"]

Assembles the text and prints its machine code. Statements are separated by new lines or ';';
'#' and '//' start comments (x64), '//' (arm64). Labels ('loop:') may be used before or after they
are defined.

  --arch A      x64 (default; Intel syntax as llvm-mc -x86-asm-syntax=intel reads it) or arm64 (LLVM syntax)
  --format F    hex (default): b8 2a 00 00 00 c3
                bytes: 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3
                listing: address, bytes and the disassembled text of each instruction
  --base ADDR   load address, for branches to absolute addresses (default 0)

With no text, reads standard input and assembles each line on its own, printing one line per input
line (empty for a blank line), so the output can be diffed against llvm-mc line by line. A line that
does not assemble prints 'error: <message>' in its place, and the exit code is 1.

examples:
  jitkit asm "mov eax, 42; ret"                    b8 2a 00 00 00 c3
  jitkit asm --arch arm64 "mov w0, #42; ret"       40 05 80 52 c0 03 5f d6
  printf 'ret\\nnop\\n' | jitkit asm                 c3 / 90`,
  async run(args, io) {
    const { values, positionals } = parseOptions('asm', args, {
      arch: { type: 'string' },
      format: { type: 'string' },
      base: { type: 'string' },
    });
    if (values.help) {
      io.out(this.help);
      return 0;
    }
    const architecture = parseArchitecture('asm', values.arch, 'x64');
    const format = parseFormat(values.format);
    const base = parseBase('asm', values.base);
    if (positionals.length > 0) {
      // several arguments are several lines of one program: jitkit asm "loop: dec ecx" "jnz loop"
      const bytes = assembleText(architecture, positionals.join('\n'), base);
      io.out(render(format, architecture, bytes, base));
      return 0;
    }
    if (io.stdinIsTerminal) {
      throw new JitkitError('E_USAGE', `asm: nothing to assemble; pass the text ("mov eax, 42; ret") or pipe one instruction per line`);
    }
    const input = await io.readStdin();
    const lines = input.split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    let failed = false;
    for (const line of lines) {
      try {
        const bytes = assembleText(architecture, line.replace(/\r$/, ''), base);
        io.out(bytes.length === 0 ? '' : format === 'listing' ? render(format, architecture, bytes, base).replace(/\n/g, ' | ') : render(format, architecture, bytes, base));
      } catch (error) {
        if (!isJitkitError(error)) throw error;
        failed = true;
        io.out(`error: ${error.message.replace(/\n/g, ' ')}`);
      }
    }
    return failed ? 1 : 0;
  },
};

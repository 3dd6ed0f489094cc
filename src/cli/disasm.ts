import { formatHex, parseHex } from '../asm/hex.ts';
import { JitkitError } from '../errors.ts';
import { disassembleBytes, parseArchitecture, parseBase } from './architectures.ts';
import type { CliCommand } from './command.ts';
import { formatListing } from './listing-format.ts';
import { parseOptions } from './options.ts';
import { toJson } from './trace-format.ts';

export const disasmCommand: CliCommand = {
  name: 'disasm',
  summary: 'disassemble x86-64 or AArch64 machine code given as hex',
  help: `usage: jitkit disasm [--arch x64|arm64] [--base 0x…] [--json] ["<hex>"]

Prints one line per instruction: address, bytes, and the instruction in Intel syntax (x64, decoded
by iced-x86) or LLVM syntax (arm64, decoded by jitkit's own A64 decoder for the forms its table has).
With no hex argument, reads the hex from standard input.

  --arch A      x64 (default) or arm64
  --base ADDR   load address of the first byte (default 0): addresses and branch targets use it
  --json        [{ "address": "0x…", "bytes": "b8 2a 00 00 00", "text": "mov eax, 0x2a" }, …]

example: jitkit disasm "b8 2a 00 00 00 c3"
  0000000000000000  b8 2a 00 00 00  mov eax, 0x2a
  0000000000000005  c3              ret`,
  async run(args, io) {
    const { values, positionals } = parseOptions('disasm', args, {
      arch: { type: 'string' },
      base: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.out(this.help);
      return 0;
    }
    const architecture = parseArchitecture('disasm', values.arch, 'x64');
    const base = parseBase('disasm', values.base);
    let hex = positionals.join(' ');
    if (positionals.length === 0) {
      if (io.stdinIsTerminal) throw new JitkitError('E_USAGE', 'disasm: nothing to disassemble; pass the bytes as hex, e.g. "b8 2a 00 00 00 c3"');
      hex = await io.readStdin();
    }
    const bytes = parseHex(hex);
    if (bytes.length === 0) throw new JitkitError('E_HEX', 'disasm: the hex holds no bytes; give at least one, e.g. "c3" (ret)');
    const lines = disassembleBytes(architecture, bytes, base);
    if (values.json) {
      io.out(toJson(lines.map((line) => ({ address: `0x${line.address.toString(16)}`, bytes: formatHex(line.bytes), text: line.text }))));
    } else {
      io.out(formatListing(lines));
    }
    return 0;
  },
};

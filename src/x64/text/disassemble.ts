import { createRequire } from 'node:module';
import type * as Iced from 'iced-x86';

/** One decoded instruction. */
export interface X64DisassembledInstruction {
  /** Load address of the instruction (`base` + offset). */
  readonly address: bigint;
  readonly offset: number;
  readonly bytes: Uint8Array;
  /** Intel syntax that `parseX64` and llvm-mc read back to the same bytes; `(bad)` for undecodable bytes. */
  readonly text: string;
  readonly valid: boolean;
  /** The absolute address a branch goes to or a RIP-relative operand reads, when there is one. */
  readonly target?: bigint;
}

type IcedModule = typeof Iced;

interface IcedTools {
  readonly iced: IcedModule;
  readonly formatter: Iced.Formatter;
  /** OpKind values of the implicit `[rsi]`/`[rdi]` operands of string instructions. */
  readonly stringOperandKinds: ReadonlySet<number>;
  /** Codes whose implicit xmm0 operand LLVM's Intel syntax writes out and iced's leaves off. */
  readonly implicitXmm0Codes: ReadonlySet<number>;
  /** Codes of A0-A3, the accumulator moves to and from an absolute address (movabs with an 8-byte one). */
  readonly moffsCodes: ReadonlySet<number>;
}

let tools: IcedTools | null = null;

/**
 * iced-x86 is a WebAssembly module of a few megabytes: it is loaded on the first disassembly, so programs
 * that only assemble never pay for it.
 */
function icedTools(): IcedTools {
  if (tools !== null) return tools;
  const iced = createRequire(import.meta.url)('iced-x86') as IcedModule;
  const formatter = new iced.Formatter(iced.FormatterSyntax.Intel);
  // llvm-mc's Intel dialect: 0x hex, sizes always spelled out (the parser needs them where the
  // operands do not imply one), [rip + disp] rather than a resolved absolute address
  formatter.hexPrefix = '0x';
  formatter.hexSuffix = '';
  formatter.uppercaseHex = false;
  formatter.spaceAfterOperandSeparator = true;
  formatter.spaceBetweenMemoryAddOperators = true;
  formatter.memorySizeOptions = iced.MemorySizeOptions.Always;
  formatter.ripRelativeAddresses = true;
  formatter.branchLeadingZeros = false;
  formatter.showBranchSize = false;
  // cmpps xmm0, xmm1, 0 rather than cmpeqps: the table, like llvm-mc's canonical output, has the imm8 form
  formatter.usePseudoOps = false;
  // iced-x86 1.21 decides "small enough to print in decimal" on the low 32 bits of a 64-bit immediate,
  // so movabs rax, 0x100000000 would print as 0; every number is printed in hex instead
  formatter.smallHexNumbersInDecimal = false;
  const kinds = iced.OpKind;
  const stringOperandKinds = new Set<number>([
    kinds.MemorySegSI, kinds.MemorySegESI, kinds.MemorySegRSI, kinds.MemorySegDI, kinds.MemorySegEDI, kinds.MemorySegRDI,
    kinds.MemoryESDI, kinds.MemoryESEDI, kinds.MemoryESRDI,
  ]);
  const codes = iced.Code;
  // SSE4.1 blendv*/pblendvb and SHA256RNDS2 read xmm0 as a third source (Intel SDM Vol. 2); llvm-mc and
  // the instruction table spell it `blendvps xmm1, xmm2, xmm0`
  const implicitXmm0Codes = new Set<number>([codes.Blendvps_xmm_xmmm128, codes.Blendvpd_xmm_xmmm128, codes.Pblendvb_xmm_xmmm128, codes.Sha256rnds2_xmm_xmmm128]);
  // A0-A3 with an 8-byte address: jitkit, like llvm-mc, spells them movabs, where `mov` with the same
  // operand text is a ModRM form with a 32-bit displacement
  const moffsCodes = new Set<number>([
    codes.Mov_AL_moffs8, codes.Mov_AX_moffs16, codes.Mov_EAX_moffs32, codes.Mov_RAX_moffs64,
    codes.Mov_moffs8_AL, codes.Mov_moffs16_AX, codes.Mov_moffs32_EAX, codes.Mov_moffs64_RAX,
  ]);
  tools = { iced, formatter, stringOperandKinds, implicitXmm0Codes, moffsCodes };
  return tools;
}

function intelText(instruction: Iced.Instruction, { iced, formatter, stringOperandKinds, implicitXmm0Codes, moffsCodes }: IcedTools): string {
  for (let operand = 0; operand < instruction.opCount; operand++) {
    // movsb/stosq/…: the operand-less mnemonic already says everything ([rsi]/[rdi] are implied by the
    // opcode), and it is the form assemblers accept. (maskmovdqu's implicit [rdi] is of the same kind, but
    // its register operands must stay: iced's text leaves [rdi] out, as llvm-mc does.)
    if (stringOperandKinds.has(instruction.opKind(operand)) && instruction.isStringInstruction) return formatter.formatMnemonic(instruction);
  }
  // xlat reads [rbx + al] whatever operand is written: llvm-mc's spelling is the operand-less xlatb
  if (instruction.code === iced.Code.Xlat_m8 && instruction.segmentPrefix === iced.Register.None) return 'xlatb';
  // B8+r with a 64-bit immediate is spelled movabs: plain `mov` would be re-assembled to the shorter
  // C7 /0 form whenever the value fits 32 bits
  let text = formatter.format(instruction);
  if (instruction.code === iced.Code.Mov_r64_imm64) text = `movabs${text.slice(3)}`;
  if (moffsCodes.has(instruction.code) && instruction.memoryDisplSize === 8) text = `movabs${text.slice(3)}`;
  if (implicitXmm0Codes.has(instruction.code)) text += ', xmm0';
  // iced hides an fs/gs prefix where the operand is never accessed (lea); it is still in the bytes, so
  // it is shown to keep the text faithful to them
  const segment = instruction.segmentPrefix === iced.Register.FS ? 'fs:' : instruction.segmentPrefix === iced.Register.GS ? 'gs:' : '';
  if (segment !== '' && !text.includes(segment)) text = text.replace('[', `${segment}[`);
  return text;
}

/**
 * Decodes x86-64 machine code loaded at `base` into Intel-syntax instructions, through iced-x86.
 * Bytes that do not decode become one `(bad)` line each, and decoding resumes at the next byte.
 */
export function disassembleX64(bytes: Uint8Array, base = 0n): X64DisassembledInstruction[] {
  const icedNow = icedTools();
  const { iced } = icedNow;
  const decoder = new iced.Decoder(64, bytes, iced.DecoderOptions.None);
  const out: X64DisassembledInstruction[] = [];
  try {
    let offset = 0;
    while (offset < bytes.length) {
      decoder.position = offset;
      decoder.ip = base + BigInt(offset);
      const instruction = decoder.decode();
      try {
        const valid = instruction.code !== iced.Code.INVALID;
        const length = valid ? instruction.length : 1;
        const line: X64DisassembledInstruction = {
          address: base + BigInt(offset),
          offset,
          bytes: bytes.slice(offset, offset + length),
          text: valid ? intelText(instruction, icedNow) : '(bad)',
          valid,
          ...(valid && instruction.isIpRelMemoryOperand ? { target: instruction.ipRelMemoryAddress } : {}),
          ...(valid && isNearBranch(instruction, iced) ? { target: instruction.nearBranchTarget } : {}),
        };
        out.push(line);
        offset += length;
      } finally {
        instruction.free();
      }
    }
  } finally {
    decoder.free();
  }
  return out;
}

function isNearBranch(instruction: Iced.Instruction, iced: IcedModule): boolean {
  const kind = instruction.opCount > 0 ? instruction.opKind(0) : -1;
  return kind === iced.OpKind.NearBranch16 || kind === iced.OpKind.NearBranch32 || kind === iced.OpKind.NearBranch64;
}

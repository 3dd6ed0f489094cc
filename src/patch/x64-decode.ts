import { Decoder, DecoderOptions, FlowControl, Formatter, FormatterSyntax, type Instruction } from 'iced-x86';
import { JitkitError } from '../errors.ts';

/** One decoded x86-64 instruction of a function, with where its constants sit. */
export interface DecodedInstruction {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
  readonly bytes: Uint8Array;
  /** Offset of the immediate inside the instruction and its size in bytes (0 when absent). */
  readonly immediateOffset: number;
  readonly immediateSize: number;
  readonly displacementOffset: number;
  readonly displacementSize: number;
  readonly invalid: boolean;
  /** Target of a relative jmp/jcc/call/loop, as an offset from the start of the decoded code (null otherwise). */
  readonly branchTarget: number | null;
  readonly ripRelative: boolean;
  readonly flow: 'next' | 'branch' | 'conditional' | 'indirect' | 'return' | 'call' | 'interrupt' | 'transaction' | 'exception';
}

const FLOW: Record<number, DecodedInstruction['flow']> = {
  [FlowControl.Next]: 'next',
  [FlowControl.UnconditionalBranch]: 'branch',
  [FlowControl.IndirectBranch]: 'indirect',
  [FlowControl.ConditionalBranch]: 'conditional',
  [FlowControl.Return]: 'return',
  [FlowControl.Call]: 'call',
  [FlowControl.IndirectCall]: 'call',
  [FlowControl.Interrupt]: 'interrupt',
  [FlowControl.XbeginXabortXend]: 'transaction',
  [FlowControl.Exception]: 'exception',
};

let formatter: Formatter | null = null;

/** Intel-syntax text of an iced instruction. */
export function formatInstruction(instruction: Instruction): string {
  formatter ??= new Formatter(FormatterSyntax.Intel);
  return formatter.format(instruction);
}

/**
 * Decodes `code` (which runs at `address`) linearly from its first byte. Linear decoding is exact for
 * jitkit-generated functions, which do not embed data between instructions.
 */
export function decodeX64(code: Uint8Array, address = 0n): DecodedInstruction[] {
  const decoder = new Decoder(64, code, DecoderOptions.None);
  decoder.ip = address;
  const out: DecodedInstruction[] = [];
  try {
    while (decoder.canDecode) {
      const instruction = decoder.decode();
      try {
        const offset = Number(instruction.ip - address);
        const constants = decoder.getConstantOffsets(instruction);
        const flow = FLOW[instruction.flowControl] ?? 'next';
        // Direct (relative) control transfers; indirect ones have their own FlowControl values.
        const relative = RELATIVE_FLOWS.has(instruction.flowControl);
        out.push({
          offset,
          length: instruction.length,
          text: instruction.isInvalid ? '(bad)' : formatInstruction(instruction),
          bytes: code.subarray(offset, offset + instruction.length),
          immediateOffset: constants.hasImmediate ? constants.immediateOffset : 0,
          immediateSize: constants.hasImmediate ? constants.immediateSize : 0,
          displacementOffset: constants.hasDisplacement ? constants.displacementOffset : 0,
          displacementSize: constants.hasDisplacement ? constants.displacementSize : 0,
          invalid: instruction.isInvalid,
          branchTarget: relative ? Number(instruction.nearBranchTarget - address) : null,
          ripRelative: instruction.isIpRelMemoryOperand,
          flow,
        });
        constants.free();
      } finally {
        instruction.free();
      }
    }
  } finally {
    decoder.free();
  }
  return out;
}

const RELATIVE_FLOWS = new Set<number>([FlowControl.UnconditionalBranch, FlowControl.ConditionalBranch, FlowControl.Call, FlowControl.XbeginXabortXend]);

/** The instruction starting exactly at `offset`, or E_PATCH_BOUNDARY naming the instruction that covers it. */
export function instructionAt(instructions: readonly DecodedInstruction[], offset: number, size: number): DecodedInstruction {
  if (!Number.isInteger(offset) || offset < 0 || offset >= size) {
    throw new JitkitError('E_PATCH_RANGE', `offset ${offset} is outside the ${size}-byte function`, { offset, size });
  }
  for (const instruction of instructions) {
    if (instruction.offset === offset) return instruction;
    if (instruction.offset < offset && offset < instruction.offset + instruction.length) {
      throw new JitkitError(
        'E_PATCH_BOUNDARY',
        `offset ${offset} is inside '${instruction.text}' (bytes ${instruction.offset}..${instruction.offset + instruction.length - 1}); instructions start at ${instruction.offset} and ${instruction.offset + instruction.length}`,
        { offset, instructionStart: instruction.offset, instructionLength: instruction.length },
      );
    }
  }
  throw new JitkitError('E_PATCH_RANGE', `offset ${offset} is past the last instruction`, { offset });
}

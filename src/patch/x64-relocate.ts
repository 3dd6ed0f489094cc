import { BlockEncoder, BlockEncoderOptions, Decoder, DecoderOptions, type Instruction } from 'iced-x86';
import { JitkitError } from '../errors.ts';
import { formatInstruction } from './x64-decode.ts';

/**
 * Re-encodes instructions taken from `originalAddress` so they do the same thing when run at `newAddress`:
 * rip-relative operands keep their absolute target and relative branches keep their destination (a short
 * jcc becomes a jcc over an absolute jump when needed) — iced's BlockEncoder does the rewriting.
 * What cannot be expressed at the new address (a rip-relative target more than ±2 GiB from it, for
 * instance) is E_UNRELOCATABLE naming the instruction.
 */
export function relocateX64(bytes: Uint8Array, originalAddress: bigint, newAddress: bigint): Uint8Array {
  const decoder = new Decoder(64, bytes, DecoderOptions.None);
  decoder.ip = originalAddress;
  const instructions: Instruction[] = [];
  try {
    while (decoder.canDecode) instructions.push(decoder.decode());
    for (const instruction of instructions) {
      if (instruction.isInvalid) {
        throw new JitkitError('E_UNRELOCATABLE', `the bytes at 0x${instruction.ip.toString(16)} do not decode as an x86-64 instruction`);
      }
    }
    const encoder = new BlockEncoder(64, BlockEncoderOptions.None);
    try {
      for (const instruction of instructions) encoder.add(instruction);
      try {
        return encoder.encode(newAddress);
      } catch (error) {
        const text = instructions.map((instruction) => `'${formatInstruction(instruction)}'`).join(', ');
        throw new JitkitError(
          'E_UNRELOCATABLE',
          `cannot run ${text} out of line at 0x${newAddress.toString(16)}: ${String((error as Error)?.message ?? error)}`,
          { instructions: text },
        );
      }
    } finally {
      encoder.free();
    }
  } finally {
    for (const instruction of instructions) instruction.free();
    decoder.free();
  }
}

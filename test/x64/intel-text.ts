import { Label } from '../../src/asm/label.ts';
import { Memory, memorySizeName, Register, Rounding } from '../../src/x64/index.ts';
import type { Operand } from '../../src/x64/index.ts';

/**
 * Formats structured operands as Intel-syntax text for llvm-mc — written independently of the
 * assembler so that the text and the API call are two separate renderings of the same instruction.
 */
export function formatInstruction(mnemonic: string, operands: readonly Operand[], broadcastCount = 0, prefix = ''): string {
  const text = operands.map((operand) => formatOperand(operand, broadcastCount)).join(', ');
  return `${prefix ? `${prefix} ` : ''}${mnemonic}${text ? ` ${text}` : ''}`;
}

export function formatOperand(operand: Operand, broadcastCount = 0): string {
  if (typeof operand === 'number') return String(operand);
  if (typeof operand === 'bigint') return operand < 0n ? String(operand) : `0x${operand.toString(16)}`;
  if (operand instanceof Label) return operand.toString();
  if (operand instanceof Rounding) return `{${operand.name}}`;
  if (operand instanceof Register) {
    const mask = operand.decoration & 7;
    return mask === 0 ? operand.name : `${operand.name} {k${mask}}${operand.decoration & 8 ? ' {z}' : ''}`;
  }
  const memory = operand as Memory;
  const terms: string[] = [];
  if (memory.base !== null) terms.push(memory.base.name);
  if (memory.index !== null) terms.push(`${memory.index.name}*${memory.scale}`);
  let address = terms.join(' + ');
  if (memory.absolute !== null) {
    address = `0x${memory.absolute.toString(16)}`;
  } else if (memory.disp !== 0 || address === '') {
    if (address === '') address = String(memory.disp);
    else address += memory.disp < 0 ? ` - ${-memory.disp}` : ` + ${memory.disp}`;
  }
  const size = memory.size === 0 ? '' : `${memorySizeName(memory.size)} ptr `;
  const segment = memory.segment !== null ? `${memory.segment.name}:` : '';
  const broadcast = memory.broadcast !== 0 ? `{1to${memory.broadcast > 0 ? memory.broadcast : broadcastCount}}` : '';
  const mask = memory.decoration !== 0 ? ` {k${memory.decoration & 7}}` : '';
  return `${size}${segment}[${address}]${broadcast}${mask}`;
}

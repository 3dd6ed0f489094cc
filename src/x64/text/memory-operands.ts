import { Memory } from '../memory.ts';
import type { IndexRegister, MemorySize, Scale } from '../memory.ts';
import type { Gp64 } from '../registers.ts';

/**
 * The memory operands the fast path (common-statements.ts) has built, reused when the same address is
 * written again: `qword ptr [rsp + 8]` on the next line, or in the next function, is the same immutable
 * `Memory` (its fields are readonly and nothing keeps operands by identity), so it is built once.
 *
 * Why: `new Memory` validates its fields and precomputes the address bytes in a constructor too large
 * for V8 to inline, so each one goes through the generic construct stub and allocates, and every
 * allocation is later work for the scavenger; a hit here is a hash and three compares.
 *
 * The cache is direct-mapped (a colliding address replaces the entry) and keyed by an integer that packs
 * everything the fast path can put in an address but the displacement — base and index register
 * numbers + 1 (0: none), the scale, the size, the broadcast count and the opmask — plus the displacement.
 */
const BITS = 8;
const keys = new Int32Array(1 << BITS).fill(-1);
const disps = new Int32Array(1 << BITS);
const operands: Array<Memory | null> = new Array<Memory | null>(1 << BITS).fill(null);

/**
 * `size ptr [base + index*scale + disp]{1to broadcast}{k mask}` with 64-bit general-purpose registers
 * (or none), as `new Memory(…)` builds it; null when the constructor refuses it (the general parser then
 * reports the error with its place).
 */
export function memoryOperand(size: MemorySize, base: Gp64 | null, index: Gp64 | null, scale: Scale, disp: number, broadcast: number, mask: number): Memory | null {
  const key = (base === null ? 0 : base.id + 1) | (index === null ? 0 : (index.id + 1) << 5) | (scale << 10) | (size << 14) | (broadcast << 21) | (mask << 26);
  const slot = Math.imul(key ^ Math.imul(disp, 0x9e3779b1), 0x85ebca6b) >>> (32 - BITS);
  if (keys[slot] === key && disps[slot] === disp) return operands[slot]!;
  let memory: Memory;
  try {
    // the opmask as the constructor's decoration is what `memory.k(KREGS[mask])` builds
    memory = new Memory(size, base, index as IndexRegister | null, scale, disp, null, null, broadcast, mask);
  } catch {
    return null;
  }
  keys[slot] = key;
  disps[slot] = disp;
  operands[slot] = memory;
  return memory;
}

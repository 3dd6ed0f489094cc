import type { CpuArchitecture } from '../native/platform.ts';

/**
 * Bytes that stop execution with a trap wherever a stale pointer lands in them: freed and never-written
 * code memory is filled with this, so jumping to it raises SIGTRAP/SIGILL instead of running old code.
 * - x64: `int3` (CC) — one byte, so any byte offset traps.
 * - arm64: `brk #0` (D4200000, little-endian) — instructions are 4-byte aligned, so a 4-byte pattern
 *   repeated from an aligned start covers every instruction slot.
 */
export const TRAP_PATTERNS: Readonly<Record<CpuArchitecture, Uint8Array>> = {
  x64: Uint8Array.of(0xcc),
  arm64: Uint8Array.of(0x00, 0x00, 0x20, 0xd4),
};

/** Fills `target[start, end)` with the architecture's trap pattern; `start` and `end` keep pattern alignment. */
export function fillWithTraps(target: Uint8Array, start: number, end: number, pattern: Uint8Array): void {
  if (pattern.length === 1) {
    target.fill(pattern[0]!, start, end);
    return;
  }
  for (let i = start; i < end; i++) target[i] = pattern[i % pattern.length]!;
}

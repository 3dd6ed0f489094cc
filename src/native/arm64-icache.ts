/**
 * The AArch64 instruction-cache ritual for Linux: makes freshly written instructions visible to
 * instruction fetch.
 *
 * Why it is needed: AArch64 instruction fetch is not coherent with data stores. A store lands in the data
 * cache; the instruction cache (and the fetch pipeline) may still hold the old bytes. The Arm Architecture
 * Reference Manual (DDI 0487), B2.4.4 "Concurrent modification and execution of instructions" and the
 * cache-maintenance requirements for "synchronization and coherency issues between data and instruction
 * accesses", give the sequence a program must run after writing code and before executing it:
 *
 *     dc cvau, Xn   for every data-cache line of the range    clean to the Point of Unification, so the
 *                                                              instruction side can see the new bytes
 *     dsb ish                                                  the cleans complete (and the stores before them)
 *     ic ivau, Xn   for every instruction-cache line           drop stale copies, broadcast to the Inner
 *                                                              Shareable domain (all cores of the process)
 *     dsb ish                                                  the invalidations complete everywhere
 *     isb                                                      refetch everything after this point on this core
 *
 * CTR_EL0 says how big the lines are and which steps the hardware makes unnecessary: IDC=1 means data-cache
 * cleaning to the PoU is not required for instruction/data coherence, DIC=1 means instruction-cache
 * invalidation is not required. jitkit reads CTR_EL0 once, from EL0, through a two-instruction routine it
 * generates, and then generates a flush routine specialised to those values. Reading the register (rather
 * than /sys or a table of CPUs) matters: Linux sets SCTLR_EL1.UCT so EL0 may read it, and on systems with
 * mismatched cores or with errata (e.g. Neoverse-N1 #1542419) the kernel traps the read and reports a safe
 * system-wide value, hiding DIC where `ic ivau` must still be issued. Likewise, on Cortex-A53 parts whose
 * errata need `dc civac` instead of `dc cvau`, the kernel traps EL0 cache maintenance and substitutes it.
 *
 * The fallback, when code cannot be generated (the writer cannot produce executable memory, or koffi cannot
 * call it), is libgcc's `__clear_cache`, which runs the same sequence from compiled code.
 *
 * Other threads: `ic ivau` is broadcast, but `isb` resynchronizes only the calling core. A thread already
 * executing near the modified code on another core needs its own context synchronization event; on Linux
 * that is membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE), which the platform layer issues separately.
 *
 * This file may not import the assembler (native/ sits above arm64/ in the layering), so the routines are
 * written here as instruction words; test/native/arm64-icache.test.ts checks them against llvm-mc.
 */
import koffi from 'koffi';
import type { TypeObject } from 'koffi';
import { JitkitError } from '../errors.ts';

/** Produces executable code for jitkit's own start-up routines. */
export interface ExecutableWriter {
  /**
   * Maps fresh RW memory, copies `code` into it, protects it RX (never writable and executable at once),
   * and returns the address. The memory must be a new mapping that was never executable before: the
   * bootstrap routines below run before any flush routine exists, and they rely on Linux performing the
   * clean/invalidate itself the first time a user page becomes executable (arm64 `set_pte_at` calls
   * `__sync_icache_dcache` for a page whose PG_dcache_clean flag is not yet set, which is every newly
   * allocated page).
   */
  mapCode(code: Uint8Array): bigint;
}

export interface Arm64CacheFlush {
  /** `generated`: jitkit's own routine built from CTR_EL0. `__clear_cache`: libgcc's, the fallback. */
  readonly method: 'generated' | '__clear_cache';
  /** Smallest data-cache line in bytes (CTR_EL0.DminLine); 0 when the fallback could not learn it. */
  readonly dcacheLineSize: number;
  /** Smallest instruction-cache line in bytes (CTR_EL0.IminLine); 0 when the fallback could not learn it. */
  readonly icacheLineSize: number;
  /** CTR_EL0.IDC: `dc cvau` is not needed for instruction/data coherence (false when unknown). */
  readonly idc: boolean;
  /** CTR_EL0.DIC: `ic ivau` is not needed for instruction/data coherence (false when unknown). */
  readonly dic: boolean;
  /**
   * Makes the instructions in [address, address + size) visible to instruction fetch. Pass the address the
   * code is *executed* from (for a dual mapping, the RX view). The range must be mapped readable: cache
   * maintenance by address faults on an unmapped page like a load would.
   */
  flush(address: bigint, size: number): void;
}

/** The CTR_EL0 fields the ritual needs (Arm ARM register description "CTR_EL0, Cache Type Register"). */
export interface CacheType {
  readonly dcacheLineSize: number;
  readonly icacheLineSize: number;
  readonly idc: boolean;
  readonly dic: boolean;
}

/** Decodes CTR_EL0: IminLine [3:0], DminLine [19:16] (log2 of the line size in 4-byte words), IDC [28], DIC [29]. */
export function decodeCacheType(ctr: bigint): CacheType {
  const iminLine = Number(ctr & 0xfn);
  const dminLine = Number((ctr >> 16n) & 0xfn);
  return {
    icacheLineSize: 4 << iminLine,
    dcacheLineSize: 4 << dminLine,
    idc: ((ctr >> 28n) & 1n) === 1n,
    dic: ((ctr >> 29n) & 1n) === 1n,
  };
}

// Instruction words (A64 is little-endian, one 32-bit word per instruction).
const MRS_X0_CTR_EL0 = 0xd53b0020; // mrs  x0, ctr_el0
const RET = 0xd65f03c0; //            ret
const ADD_X1_X0_X1 = 0x8b010001; //   add  x1, x0, x1        (x1 = end of the range)
const DC_CVAU_X2 = 0xd50b7b22; //     dc   cvau, x2          (sys #3, c7, c11, #1, x2)
const IC_IVAU_X2 = 0xd50b7522; //     ic   ivau, x2          (sys #3, c7, c5, #1, x2)
const CMP_X2_X1 = 0xeb01005f; //      cmp  x2, x1            (subs xzr, x2, x1)
const B_LO_BACK_3 = 0x54ffffa3; //    b.lo .-12              (imm19 = -3, cond = 0b0011 LO/CC)
const DSB_ISH = 0xd5033b9f; //        dsb  ish
const ISB = 0xd5033fdf; //            isb

/** `mrs x0, ctr_el0; ret` as a function `uint64 f(void)`. */
export const READ_CTR_EL0_ROUTINE: readonly number[] = [MRS_X0_CTR_EL0, RET];

/** and x2, x0, #~(2^log2 - 1): x0 rounded down to a line boundary. */
function alignDownX2FromX0(log2: number): number {
  // AND (immediate), 64-bit: 1 00 100100 N immr imms Rn Rd. A mask of (64 - log2) ones above log2 zeros is
  // a 64-bit element (N = 1) of imms + 1 = 64 - log2 ones, rotated right by immr = 64 - log2.
  return (0x92400000 | (((64 - log2) % 64) << 16) | ((63 - log2) << 10) | (0 << 5) | 2) >>> 0;
}

/** add x2, x2, #lineSize: the next line. */
function addLineToX2(lineSize: number): number {
  // ADD (immediate), 64-bit: 1 0 0 100010 sh imm12 Rn Rd. Line sizes are powers of two from 4 to 128 KiB:
  // below 4096 they fit imm12 directly, from 4096 on they are exact multiples of 4096 (sh = 1, LSL #12).
  const shifted = lineSize >= 4096;
  const imm12 = shifted ? lineSize >>> 12 : lineSize;
  return (0x91000000 | ((shifted ? 1 : 0) << 22) | (imm12 << 10) | (2 << 5) | 2) >>> 0;
}

function log2OfLine(lineSize: number): number {
  const log2 = Math.log2(lineSize);
  if (!Number.isInteger(log2) || log2 < 2 || log2 > 17) {
    throw new JitkitError('E_UNSUPPORTED', `cache line size ${lineSize} is not a power of two between 4 and 131072 bytes as CTR_EL0 encodes it`);
  }
  return log2;
}

/**
 * The flush routine for one CPU, as `void f(uint64 start, uint64 size)` with size > 0:
 *
 *         add  x1, x0, x1              end = start + size
 *         and  x2, x0, #-dline         \
 *     1:  dc   cvau, x2                 |  only when IDC = 0
 *         add  x2, x2, #dline           |
 *         cmp  x2, x1                   |
 *         b.lo 1b                      /
 *         dsb  ish                     always: orders the code stores (and cleans) before what follows
 *         and  x2, x0, #-iline         \
 *     2:  ic   ivau, x2                 |  only when DIC = 0
 *         add  x2, x2, #iline           |
 *         cmp  x2, x1                   |
 *         b.lo 2b                       |
 *         dsb  ish                     /   waits for the invalidations; nothing to wait for when skipped
 *         isb                          always: discards instructions this core already fetched
 *         ret
 *
 * The loops run at least once, so the caller must not pass size 0 (the first line could be unmapped).
 */
export function generateFlushRoutine(cacheType: CacheType): Uint32Array {
  const dLog2 = log2OfLine(cacheType.dcacheLineSize);
  const iLog2 = log2OfLine(cacheType.icacheLineSize);
  const words: number[] = [ADD_X1_X0_X1];
  if (!cacheType.idc) {
    words.push(alignDownX2FromX0(dLog2), DC_CVAU_X2, addLineToX2(cacheType.dcacheLineSize), CMP_X2_X1, B_LO_BACK_3);
  }
  words.push(DSB_ISH);
  if (!cacheType.dic) {
    words.push(alignDownX2FromX0(iLog2), IC_IVAU_X2, addLineToX2(cacheType.icacheLineSize), CMP_X2_X1, B_LO_BACK_3, DSB_ISH);
  }
  words.push(ISB, RET);
  return Uint32Array.from(words);
}

function wordsToBytes(words: readonly number[] | Uint32Array): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((word, index) => view.setUint32(index * 4, word, true));
  return bytes;
}

// Anonymous prototypes: a named one (`void f(...)`) would claim the name in koffi's global type registry.
let flushPrototype: TypeObject | null = null;
let readPrototype: TypeObject | null = null;

function generated(writer: ExecutableWriter): Arm64CacheFlush {
  readPrototype ??= koffi.proto('uint64 (void)');
  flushPrototype ??= koffi.proto('void (uint64, uint64)');

  const readAddress = writer.mapCode(wordsToBytes(READ_CTR_EL0_ROUTINE));
  const readCtr = koffi.decode(readAddress, readPrototype) as () => number | bigint;
  const cacheType = decodeCacheType(BigInt(readCtr()));

  const flushAddress = writer.mapCode(wordsToBytes(generateFlushRoutine(cacheType)));
  const routine = koffi.decode(flushAddress, flushPrototype) as (start: bigint, size: number) => void;
  return {
    method: 'generated',
    ...cacheType,
    flush(address: bigint, size: number): void {
      if (checkRange(address, size)) routine(address, size);
    },
  };
}

// <bits/confname.h>: the same values on every glibc architecture. glibc answers them on aarch64 from CTR_EL0.
const SC_LEVEL1_ICACHE_LINESIZE = 187;
const SC_LEVEL1_DCACHE_LINESIZE = 190;

function clearCacheFallback(): Arm64CacheFlush {
  const libgcc = koffi.load('libgcc_s.so.1');
  const clearCache = libgcc.func('void __clear_cache(void *, void *)') as (begin: bigint, end: bigint) => void;
  const sysconf = koffi.load('libc.so.6').func('long sysconf(int)') as (name: number) => number;
  const lineSize = (name: number): number => {
    const value = Number(sysconf(name));
    return value > 0 ? value : 0;
  };
  return {
    method: '__clear_cache',
    dcacheLineSize: lineSize(SC_LEVEL1_DCACHE_LINESIZE),
    icacheLineSize: lineSize(SC_LEVEL1_ICACHE_LINESIZE),
    // __clear_cache reads CTR_EL0 itself and skips what IDC/DIC allow; jitkit does not know, so reports false.
    idc: false,
    dic: false,
    flush(address: bigint, size: number): void {
      if (checkRange(address, size)) clearCache(address, address + BigInt(size));
    },
  };
}

const ADDRESS_LIMIT = 1n << 64n;

/** Rejects what the routines cannot take; returns false for an empty range (nothing to do). */
function checkRange(address: bigint, size: number): boolean {
  if (typeof address !== 'bigint' || address < 0n || !Number.isSafeInteger(size) || size < 0 || address + BigInt(size) > ADDRESS_LIMIT) {
    throw new JitkitError('E_ARGUMENTS', `flush needs a bigint address and a byte count that stay within the 64-bit address space; got ${String(address)} and ${String(size)}`);
  }
  return size > 0;
}

/**
 * Builds the flush for this process: the generated routine when the writer can produce executable code,
 * otherwise libgcc's `__clear_cache`. Only meaningful in an arm64 process (the routines are A64 code).
 */
export function createArm64CacheFlush(writer: ExecutableWriter): Arm64CacheFlush {
  if (process.arch !== 'arm64') {
    throw new JitkitError('E_UNSUPPORTED', `the AArch64 cache-maintenance routine runs only in an arm64 process; this one is ${process.arch}`);
  }
  let generationFailure: unknown;
  try {
    return generated(writer);
  } catch (error) {
    generationFailure = error;
  }
  try {
    return clearCacheFallback();
  } catch (fallbackFailure) {
    throw new JitkitError(
      'E_UNSUPPORTED',
      `no way to flush the instruction cache: generating the routine failed (${describe(generationFailure)}) and libgcc_s.so.1's __clear_cache is unavailable (${describe(fallbackFailure)})`,
      { generationFailure, fallbackFailure },
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// The AArch64 cache-maintenance ritual: CTR_EL0 decoding and the generated routines' words (checked against
// llvm-mc on any host), and, in an arm64 process, the routines running: write -> flush -> execute -> patch ->
// flush -> execute. Under qemu-user the emulator re-translates written code on its own, so a *missing* flush
// cannot be observed there; these tests prove the routines are well-formed, stay inside the range, and keep
// freshly patched code running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import {
  createArm64CacheFlush,
  decodeCacheType,
  generateFlushRoutine,
  READ_CTR_EL0_ROUTINE,
  type Arm64CacheFlush,
  type CacheType,
  type ExecutableWriter,
} from '../../src/native/arm64-icache.ts';
import { LinuxPlatform } from '../../src/native/linux.ts';
import { isJitkitError } from '../../src/errors.ts';
import { Arm64Assembler } from '../../src/arm64/assembler.ts';

const LLVM_MC = '/usr/bin/llvm-mc';
const LLVM_OBJCOPY = '/usr/bin/llvm-objcopy';
const noLlvm = !existsSync(LLVM_MC) || !existsSync(LLVM_OBJCOPY) ? 'llvm-mc/llvm-objcopy not installed (apt llvm)' : false;
const notArm64 = process.arch !== 'arm64' ? `executing A64 code needs an arm64 process; this one is ${process.arch} (run scripts/test-arm64.sh)` : false;

/** Assembles A64 text with llvm-mc into the bytes of .text (labels resolved), as little-endian words. */
function assembleWords(source: string): Uint32Array {
  const dir = mkdtempSync(join(tmpdir(), 'jitkit-icache-'));
  try {
    const object = join(dir, 'code.o');
    const binary = join(dir, 'code.bin');
    writeFileSync(join(dir, 'code.s'), source);
    execFileSync(LLVM_MC, ['-triple=aarch64', '-mattr=+neon,+lse,+fp-armv8', '-filetype=obj', '-o', object, join(dir, 'code.s')]);
    execFileSync(LLVM_OBJCOPY, ['-O', 'binary', '--only-section=.text', object, binary]);
    const bytes = readFileSync(binary);
    const words = new Uint32Array(bytes.length / 4);
    for (let i = 0; i < words.length; i++) words[i] = bytes.readUInt32LE(i * 4);
    return words;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The ritual written independently as assembly text, one instruction per line (labels on their own line,
 * suffixed with `tag` so many routines can share one llvm-mc input).
 */
function flushRoutineSource(cacheType: CacheType, tag: number): string[] {
  const alignMask = (line: number): string => `0x${((1n << 64n) - BigInt(line)).toString(16)}`;
  const lines = ['add x1, x0, x1'];
  if (!cacheType.idc) {
    lines.push(`and x2, x0, #${alignMask(cacheType.dcacheLineSize)}`, `clean${tag}:`, 'dc cvau, x2', `add x2, x2, #${cacheType.dcacheLineSize}`, 'cmp x2, x1', `b.lo clean${tag}`);
  }
  lines.push('dsb ish');
  if (!cacheType.dic) {
    lines.push(`and x2, x0, #${alignMask(cacheType.icacheLineSize)}`, `invalidate${tag}:`, 'ic ivau, x2', `add x2, x2, #${cacheType.icacheLineSize}`, 'cmp x2, x1', `b.lo invalidate${tag}`, 'dsb ish');
  }
  lines.push('isb', 'ret');
  return lines;
}

const hexWords = (words: ArrayLike<number>): string[] => Array.from(words, (word) => word.toString(16).padStart(8, '0'));

test('decodeCacheType reads IminLine[3:0], DminLine[19:16], IDC[28], DIC[29] as the Arm ARM defines CTR_EL0', () => {
  // Cortex-A72 (published in its TRM): DminLine = IminLine = 4 (16 words = 64 bytes), L1Ip = PIPT, no IDC/DIC.
  assert.deepEqual(decodeCacheType(0x8444c004n), { dcacheLineSize: 64, icacheLineSize: 64, idc: false, dic: false });
  for (let dminLine = 0; dminLine < 16; dminLine++) {
    for (let iminLine = 0; iminLine < 16; iminLine++) {
      for (const [idc, dic] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        // Bit 31 is RES1; ERG/CWG [27:20], L1Ip [15:14] and TminLine [37:32] are set to show they are ignored.
        const ctr = (1n << 31n) | (BigInt(dic) << 29n) | (BigInt(idc) << 28n) | (0xffn << 20n) | (BigInt(dminLine) << 16n) | (3n << 14n) | BigInt(iminLine) | (0x3fn << 32n);
        assert.deepEqual(decodeCacheType(ctr), { dcacheLineSize: 4 * 2 ** dminLine, icacheLineSize: 4 * 2 ** iminLine, idc, dic });
      }
    }
  }
});

/** jitkit's own A64 assembler on the same text (native/ may not import it; tests may). */
function jitkitWords(source: string): Uint32Array {
  const bytes = new Arm64Assembler().assemble(source).finalize();
  return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

test('the CTR_EL0 reader is `mrs x0, ctr_el0; ret` as llvm-mc and jitkit\'s assembler encode it', { skip: noLlvm }, () => {
  assert.deepEqual(hexWords(READ_CTR_EL0_ROUTINE), hexWords(assembleWords('mrs x0, ctr_el0\nret\n')));
  assert.deepEqual(hexWords(READ_CTR_EL0_ROUTINE), hexWords(jitkitWords('mrs x0, ctr_el0\nret')));
});

test('the generated flush routine matches llvm-mc and jitkit\'s assembler for every line size CTR_EL0 can encode and every IDC/DIC', { skip: noLlvm }, () => {
  const cases: CacheType[] = [];
  for (let d = 2; d <= 17; d++) {
    for (let i = 2; i <= 17; i++) {
      for (const [idc, dic] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        cases.push({ dcacheLineSize: 2 ** d, icacheLineSize: 2 ** i, idc, dic });
      }
    }
  }
  // One llvm-mc run for all 1024 routines; each routine's share of the output is its instruction count.
  const sources = cases.map((cacheType, index) => flushRoutineSource(cacheType, index));
  const expected = assembleWords(sources.map((lines) => lines.join('\n')).join('\n') + '\n');
  let offset = 0;
  for (const [index, cacheType] of cases.entries()) {
    const count = sources[index]!.filter((line) => !line.endsWith(':')).length;
    const reference = expected.subarray(offset, offset + count);
    offset += count;
    assert.deepEqual(hexWords(generateFlushRoutine(cacheType)), hexWords(reference), JSON.stringify(cacheType));
    assert.deepEqual(hexWords(jitkitWords(sources[index]!.join('\n'))), hexWords(reference), `jitkit: ${JSON.stringify(cacheType)}`);
  }
  assert.equal(offset, expected.length);
});

test('generateFlushRoutine rejects a line size CTR_EL0 cannot describe', () => {
  assert.throws(() => generateFlushRoutine({ dcacheLineSize: 48, icacheLineSize: 64, idc: false, dic: false }), (error) => isJitkitError(error, 'E_UNSUPPORTED'));
  assert.throws(() => generateFlushRoutine({ dcacheLineSize: 64, icacheLineSize: 1 << 18, idc: false, dic: false }), (error) => isJitkitError(error, 'E_UNSUPPORTED'));
});

test('createArm64CacheFlush refuses to run A64 code in a process of another architecture', { skip: process.arch === 'arm64' ? 'this process is arm64' : false }, () => {
  const writer: ExecutableWriter = { mapCode: () => assert.fail('must not map code on a non-arm64 host') };
  assert.throws(() => createArm64CacheFlush(writer), (error) => isJitkitError(error, 'E_UNSUPPORTED'));
});

// ---- arm64 only: the routines running ----------------------------------------------------------------------

/** W^X code pages through the platform layer: map RW, write, protect RX; patch with RX -> RW -> RX. */
function codePages() {
  const platform = new LinuxPlatform('arm64');
  const page = platform.pageSize;
  const writer: ExecutableWriter = {
    mapCode(code: Uint8Array): bigint {
      const size = Math.ceil(code.length / page) * page;
      const address = platform.map(size, 'rw');
      platform.view(address, code.length).set(code);
      platform.protect(address, size, 'rx');
      return address;
    },
  };
  const patch = (address: bigint, offset: number, code: Uint8Array): void => {
    const target = address + BigInt(offset);
    const start = target - (target % BigInt(page));
    const end = target + BigInt(code.length);
    const size = Math.ceil(Number(end - start) / page) * page;
    platform.protect(start, size, 'rw');
    platform.view(target, code.length).set(code);
    platform.protect(start, size, 'rx');
  };
  return { platform, page, writer, patch };
}

function bytesOf(words: Uint32Array): Uint8Array {
  return new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
}

/** write -> flush -> execute -> patch -> flush -> execute: 42, then 1337 from the same address. */
function patchAndRun(flush: Arm64CacheFlush, pages: ReturnType<typeof codePages>): number[] {
  const returns42 = bytesOf(assembleWords('mov w0, #42\nret\n'));
  const mov1337 = bytesOf(assembleWords('mov w0, #1337\n'));
  const address = pages.writer.mapCode(returns42);
  flush.flush(address, returns42.length);
  const run = koffi.decode(address, koffi.proto('int (void)')) as () => number;
  const first = run();
  pages.patch(address, 0, mov1337);
  flush.flush(address, mov1337.length);
  const second = run();
  return [first, second];
}

function glibcLineSizes(): { dcache: number; icache: number } {
  // glibc answers these on aarch64 by reading CTR_EL0 in its own compiled code: an independent reading.
  const sysconf = koffi.load('libc.so.6').func('long sysconf(int)') as (name: number) => number;
  return { icache: Number(sysconf(187)), dcache: Number(sysconf(190)) };
}

test('the generated routine reads CTR_EL0 and keeps patched code running (42, then 1337)', { skip: notArm64 || noLlvm }, (t) => {
  const pages = codePages();
  const flush = createArm64CacheFlush(pages.writer);
  t.diagnostic(`CTR_EL0: dcacheLineSize=${flush.dcacheLineSize} icacheLineSize=${flush.icacheLineSize} idc=${flush.idc} dic=${flush.dic}`);
  assert.equal(flush.method, 'generated');
  for (const size of [flush.dcacheLineSize, flush.icacheLineSize]) {
    assert.ok(Number.isInteger(Math.log2(size)) && size >= 4 && size <= 1 << 17, `line size ${size}`);
  }
  const glibc = glibcLineSizes();
  t.diagnostic(`glibc sysconf: L1d line ${glibc.dcache}, L1i line ${glibc.icache}`);
  if (glibc.dcache > 0) assert.equal(flush.dcacheLineSize, glibc.dcache);
  if (glibc.icache > 0) assert.equal(flush.icacheLineSize, glibc.icache);
  assert.deepEqual(patchAndRun(flush, pages), [42, 1337]);
});

// On hardware `dc cvau`/`ic ivau` on an unmapped page fault like a load; qemu-user treats them as no-ops, so
// there this test only proves the routine runs for these shapes.
test('the generated routine stays inside [address, address + size): a range ending at an unmapped page', { skip: notArm64 }, () => {
  const pages = codePages();
  const flush = createArm64CacheFlush(pages.writer);
  const { platform, page } = pages;
  // Two pages, the second unmapped again: any maintenance instruction aimed past the end would fault.
  const base = platform.map(2 * page, 'rw');
  platform.unmap(base + BigInt(page), page);
  try {
    flush.flush(base, page);
    flush.flush(base + BigInt(page - 1), 1);
    flush.flush(base + 3n, page - 3);
    // Empty ranges do nothing, even at an address that is not mapped.
    flush.flush(base + BigInt(page), 0);
  } finally {
    platform.unmap(base, page);
  }
});

test('a range spanning several pages and lines, unaligned at both ends, is flushed', { skip: notArm64 || noLlvm }, () => {
  const pages = codePages();
  const flush = createArm64CacheFlush(pages.writer);
  // Three pages of `ret`-terminated functions; patch the last one and call it.
  const words = new Uint32Array((3 * pages.page) / 4).fill(assembleWords('nop\n')[0]!);
  const [movz, ret] = assembleWords('mov w0, #7\nret\n');
  words[words.length - 2] = movz!;
  words[words.length - 1] = ret!;
  const address = pages.writer.mapCode(bytesOf(words));
  flush.flush(address + 4n, words.byteLength - 8);
  const run = koffi.decode(address + BigInt(words.byteLength - 8), koffi.proto('int (void)')) as () => number;
  assert.equal(run(), 7);
  pages.patch(address, words.byteLength - 8, bytesOf(assembleWords('mov w0, #9\n')));
  flush.flush(address + 4n, words.byteLength - 8);
  assert.equal(run(), 9);
});

test('when no executable code can be generated, libgcc __clear_cache is the fallback', { skip: notArm64 || noLlvm }, (t) => {
  const pages = codePages();
  const refusing: ExecutableWriter = {
    mapCode: () => {
      throw new Error('executable mappings refused (as under an SELinux execmem denial)');
    },
  };
  const flush = createArm64CacheFlush(refusing);
  t.diagnostic(`fallback line sizes from glibc: dcache=${flush.dcacheLineSize} icache=${flush.icacheLineSize}`);
  assert.equal(flush.method, '__clear_cache');
  assert.deepEqual(patchAndRun(flush, pages), [42, 1337]);
});

test('flush rejects arguments the routine cannot take', { skip: notArm64 }, () => {
  const flush = createArm64CacheFlush(codePages().writer);
  for (const [address, size] of [[-1n, 4], [0x1000n, -1], [0x1000n, 1.5], [(1n << 64n) - 4n, 8], [0x1000 as unknown as bigint, 4]] as const) {
    assert.throws(() => flush.flush(address, size), (error) => isJitkitError(error, 'E_ARGUMENTS'), `${String(address)}, ${size}`);
  }
});

test('a flush call is one call of the prepared routine: no prototype parsed, no function decoded, no library loaded per call', { skip: notArm64 || noLlvm }, (t) => {
  const pages = codePages();
  const flush = createArm64CacheFlush(pages.writer);
  const target = pages.writer.mapCode(new Uint8Array(pages.page));
  // Every way koffi could be asked to build a call again, counted (the native module calls them through
  // the same default export). Preparing them once at start-up is what keeps a flush at one koffi call.
  const names = ['proto', 'decode', 'load', 'as', 'pointer', 'array', 'struct'] as const;
  const counted = names.map((name) => t.mock.method(koffi, name));
  for (let i = 0; i < 200; i++) flush.flush(target + BigInt((i % 16) * 64), 64);
  names.forEach((name, i) => assert.equal(counted[i]!.mock.callCount(), 0, `koffi.${name} was called by a flush`));
  t.mock.restoreAll();
  // (the routine's effect, code changed through the writer then run, is what patchAndRun checks above)
});

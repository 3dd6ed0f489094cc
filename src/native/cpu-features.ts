/**
 * Extracts the feature list from Linux `/proc/cpuinfo`: the `flags` line on x86 (e.g. `avx2 avx512f bmi2`)
 * or the `Features` line on arm64 (e.g. `fp asimd atomics`). Only the first processor is read: Linux
 * reports the features every core shares on each of them.
 */
export function parseCpuFeatures(cpuinfo: string): string[] {
  const line = /^(?:flags|Features)\s*:\s*(.*)$/m.exec(cpuinfo);
  if (line === null) return [];
  return line[1]!.trim().split(/\s+/).filter((name) => name.length > 0).sort();
}

/** `AT_HWCAP` in the ELF auxiliary vector (linux/auxvec.h, elf.h). */
const AT_HWCAP = 16n;

/**
 * The AArch64 `AT_HWCAP` bits, named as the kernel prints them in the `Features` line of /proc/cpuinfo
 * (arch/arm64/include/uapi/asm/hwcap.h, bit 0 upwards; the names come from arch/arm64/kernel/cpuinfo.c).
 */
const ARM64_HWCAP_NAMES = [
  'fp', 'asimd', 'evtstrm', 'aes', 'pmull', 'sha1', 'sha2', 'crc32', 'atomics', 'fphp', 'asimdhp', 'cpuid',
  'asimdrdm', 'jscvt', 'fcma', 'lrcpc', 'dcpop', 'sha3', 'sm3', 'sm4', 'asimddp', 'sha512', 'sve', 'asimdfhm',
  'dit', 'uscat', 'ilrcpc', 'flagm', 'ssbs', 'sb', 'paca', 'pacg',
] as const;

/**
 * The `AT_HWCAP` value from the bytes of `/proc/self/auxv` (pairs of 64-bit little-endian words, type then
 * value, ending with AT_NULL), or null when absent.
 */
export function parseAuxvHwcap(auxv: Uint8Array): bigint | null {
  const view = new DataView(auxv.buffer, auxv.byteOffset, auxv.byteLength);
  for (let at = 0; at + 16 <= auxv.byteLength; at += 16) {
    const type = view.getBigUint64(at, true);
    if (type === 0n) break;
    if (type === AT_HWCAP) return view.getBigUint64(at + 8, true);
  }
  return null;
}

/** The names of the AArch64 features an `AT_HWCAP` value reports, sorted like `parseCpuFeatures`. */
export function arm64HwcapFeatures(hwcap: bigint): string[] {
  return ARM64_HWCAP_NAMES.filter((_, bit) => ((hwcap >> BigInt(bit)) & 1n) === 1n).sort();
}

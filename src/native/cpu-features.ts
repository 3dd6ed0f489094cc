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

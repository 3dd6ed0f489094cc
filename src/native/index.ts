import { JitkitError } from '../errors.ts';
import type { CpuArchitecture, NativePlatform } from './platform.ts';
import { LinuxPlatform } from './linux.ts';

export type { CpuArchitecture, DualMapping, MappingInfo, NativePlatform, OperatingSystem, PolicySupport, Protection } from './platform.ts';
export { setOsCallListener, type OsCallListener, type OsCallRecord } from './trace.ts';

let platform: NativePlatform | null = null;

function hostArchitecture(): CpuArchitecture {
  if (process.arch === 'x64' || process.arch === 'arm64') return process.arch;
  throw new JitkitError('E_UNSUPPORTED', `jitkit runs code on x64 and arm64; this process is ${process.arch}. Assembling and disassembling still work.`);
}

/** The platform layer for this process, created on first use (loading libc through koffi). */
export function nativePlatform(): NativePlatform {
  if (platform !== null) return platform;
  const arch = hostArchitecture();
  if (process.platform === 'linux') {
    platform = new LinuxPlatform(arch);
    return platform;
  }
  throw new JitkitError(
    'E_UNSUPPORTED',
    `executable memory is implemented for Linux so far; ${process.platform} support (win32.ts / darwin.ts behind the same NativePlatform interface) is not written yet`,
  );
}

let features: readonly string[] | null = null;

/** This CPU's features as the OS reports them (read once: they cannot change while the process runs). */
export function hostCpuFeatures(): readonly string[] {
  features ??= nativePlatform().cpuFeatures();
  return features;
}

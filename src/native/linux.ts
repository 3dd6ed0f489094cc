import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import koffi from 'koffi';
import { JitkitError } from '../errors.ts';
import type { CpuArchitecture, DualMapping, MappingInfo, NativePlatform, Protection } from './platform.ts';
import { parseProcMaps } from './proc-maps.ts';
import { traceOsCall, isTracing } from './trace.ts';
import { arm64HwcapFeatures, parseAuxvHwcap, parseCpuFeatures } from './cpu-features.ts';
import { createArm64CacheFlush, type Arm64CacheFlush } from './arm64-icache.ts';

// <sys/mman.h>, <linux/memfd.h>, <unistd.h>, <linux/membarrier.h> — values are identical on x86-64 and arm64.
const PROT_READ = 0x1;
const PROT_WRITE = 0x2;
const PROT_EXEC = 0x4;
const MAP_SHARED = 0x01;
const MAP_PRIVATE = 0x02;
const MAP_ANONYMOUS = 0x20;
const MFD_CLOEXEC = 0x1;
/** Linux 6.3+: with `vm.memfd_noexec` set, a memfd without MFD_EXEC is sealed non-executable. */
const MFD_EXEC = 0x10;
const SC_PAGESIZE = 30;
const EINVAL = 22;
const MEMBARRIER_CMD_QUERY = 0;
const MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE = 1 << 5;
const MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE = 1 << 6;
/** The membarrier system call number differs per architecture (arch/x86/entry/syscalls, asm-generic/unistd.h). */
const SYS_MEMBARRIER: Record<CpuArchitecture, number> = { x64: 324, arm64: 283 };

/** koffi returns `(void *)-1` as an unsigned 64-bit BigInt. */
const MAP_FAILED = 0xffff_ffff_ffff_ffffn;

const PROTECTION_BITS: Record<Protection, number> = {
  none: 0,
  r: PROT_READ,
  rw: PROT_READ | PROT_WRITE,
  rx: PROT_READ | PROT_EXEC,
  rwx: PROT_READ | PROT_WRITE | PROT_EXEC,
};

interface Libc {
  mmap(address: bigint | null, size: number, protection: number, flags: number, fd: number, offset: number): bigint;
  mprotect(address: bigint, size: number, protection: number): number;
  munmap(address: bigint, size: number): number;
  memfd_create(name: string, flags: number): number;
  ftruncate(fd: number, size: number): number;
  close(fd: number): number;
  sysconf(name: number): number;
  syscall(number: number, ...typedArgs: unknown[]): number;
  strerror(errno: number): string;
}

function loadLibc(): Libc {
  const lib = koffi.load('libc.so.6');
  return {
    mmap: lib.func('void *mmap(void *, size_t, int, int, int, long)'),
    mprotect: lib.func('int mprotect(void *, size_t, int)'),
    munmap: lib.func('int munmap(void *, size_t)'),
    memfd_create: lib.func('int memfd_create(const char *, unsigned int)'),
    ftruncate: lib.func('int ftruncate(int, long)'),
    close: lib.func('int close(int)'),
    sysconf: lib.func('long sysconf(int)'),
    // syscall(2) is variadic; koffi passes the extra arguments with the types given at each call.
    syscall: lib.func('long syscall(long, ...)'),
    strerror: lib.func('const char *strerror(int)'),
  } as Libc;
}

function hex(address: bigint | null): string {
  return address === null ? 'NULL' : `0x${address.toString(16)}`;
}

function protectionName(bits: number): string {
  if (bits === 0) return 'PROT_NONE';
  const names: string[] = [];
  if (bits & PROT_READ) names.push('PROT_READ');
  if (bits & PROT_WRITE) names.push('PROT_WRITE');
  if (bits & PROT_EXEC) names.push('PROT_EXEC');
  return names.join('|');
}

function mapFlagsName(bits: number): string {
  const names: string[] = [];
  if (bits & MAP_SHARED) names.push('MAP_SHARED');
  if (bits & MAP_PRIVATE) names.push('MAP_PRIVATE');
  if (bits & MAP_ANONYMOUS) names.push('MAP_ANONYMOUS');
  return names.join('|');
}

/**
 * A random page-aligned address in the lower half of the 47-bit user address space. Used as an mmap
 * *hint* (never MAP_FIXED) for the writable view of dual mappings, so that knowing where code runs does
 * not reveal where it can be written; the kernel ignores the hint when the range is taken.
 */
function randomMappingHint(pageSize: number): bigint {
  const words = webcrypto.getRandomValues(new Uint32Array(2));
  const raw = (BigInt(words[0]!) << 32n) | BigInt(words[1]!);
  const span = 1n << 45n;
  const address = (1n << 44n) + (raw % span);
  return address - (address % BigInt(pageSize));
}

export class LinuxPlatform implements NativePlatform {
  readonly os = 'linux' as const;
  readonly arch: CpuArchitecture;
  readonly pageSize: number;
  readonly aliasWritesReachExecution = process.env.JITKIT_EMULATOR !== 'qemu-user';
  private readonly libc: Libc;
  private membarrierState: 'unknown' | 'registered' | 'unavailable' = 'unknown';
  private arm64Flush: Arm64CacheFlush | null = null;

  constructor(arch: CpuArchitecture) {
    this.arch = arch;
    this.libc = loadLibc();
    const pageSize = this.libc.sysconf(SC_PAGESIZE);
    traceOsCall('sysconf', ['_SC_PAGESIZE'], pageSize);
    this.pageSize = Number(pageSize);
  }

  private errno(): number {
    return koffi.errno();
  }

  private fail(call: string, errno: number, what: string): JitkitError {
    const reason = this.libc.strerror(errno);
    return new JitkitError('E_NATIVE', `${call} failed while ${what}: ${reason} (errno ${errno})`, { call, errno, reason });
  }

  private mmapRaw(hint: bigint | null, size: number, protection: number, flags: number, fd: number): bigint {
    const address = this.libc.mmap(hint, size, protection, flags, fd, 0);
    const failed = address === MAP_FAILED;
    const errno = failed ? this.errno() : undefined;
    if (isTracing()) {
      traceOsCall('mmap', [hex(hint), size, protectionName(protection), mapFlagsName(flags), fd, 0], failed ? 'MAP_FAILED' : hex(address), errno);
    }
    if (failed) throw this.fail('mmap', errno!, `mapping ${size} bytes ${protectionName(protection)}`);
    return address;
  }

  map(size: number, protection: Protection): bigint {
    return this.mmapRaw(null, size, PROTECTION_BITS[protection], MAP_PRIVATE | MAP_ANONYMOUS, -1);
  }

  protect(address: bigint, size: number, protection: Protection): void {
    const bits = PROTECTION_BITS[protection];
    const result = this.libc.mprotect(address, size, bits);
    const errno = result !== 0 ? this.errno() : undefined;
    if (isTracing()) traceOsCall('mprotect', [hex(address), size, protectionName(bits)], result, errno);
    if (result !== 0) throw this.fail('mprotect', errno!, `making ${size} bytes at ${hex(address)} ${protectionName(bits)}`);
  }

  unmap(address: bigint, size: number): void {
    const result = this.libc.munmap(address, size);
    const errno = result !== 0 ? this.errno() : undefined;
    if (isTracing()) traceOsCall('munmap', [hex(address), size], result, errno);
    if (result !== 0) throw this.fail('munmap', errno!, `unmapping ${size} bytes at ${hex(address)}`);
  }

  private memfdCreate(name: string): number {
    let flags = MFD_CLOEXEC | MFD_EXEC;
    let fd = this.libc.memfd_create(name, flags);
    let errno = fd < 0 ? this.errno() : undefined;
    traceOsCall('memfd_create', [JSON.stringify(name), 'MFD_CLOEXEC|MFD_EXEC'], fd, errno);
    if (fd < 0 && errno === EINVAL) {
      // Kernels before 6.3 do not know MFD_EXEC; their memfds are executable without it.
      flags = MFD_CLOEXEC;
      fd = this.libc.memfd_create(name, flags);
      errno = fd < 0 ? this.errno() : undefined;
      traceOsCall('memfd_create', [JSON.stringify(name), 'MFD_CLOEXEC'], fd, errno);
    }
    if (fd < 0) throw this.fail('memfd_create', errno!, 'creating the shared code object');
    return fd;
  }

  private closeFd(fd: number): void {
    const result = this.libc.close(fd);
    traceOsCall('close', [fd], result, result !== 0 ? this.errno() : undefined);
  }

  mapDual(size: number): DualMapping {
    // The object is named `jitkit` so both views are recognisable in /proc/self/maps ("/memfd:jitkit").
    const fd = this.memfdCreate('jitkit');
    let executable: bigint | undefined;
    try {
      const truncated = this.libc.ftruncate(fd, size);
      const errno = truncated !== 0 ? this.errno() : undefined;
      traceOsCall('ftruncate', [fd, size], truncated, errno);
      if (truncated !== 0) throw this.fail('ftruncate', errno!, `sizing the shared code object to ${size} bytes`);
      executable = this.mmapRaw(null, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd);
      const writable = this.mmapRaw(randomMappingHint(this.pageSize), size, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
      return { executable, writable, size };
    } catch (error) {
      if (executable !== undefined) this.unmap(executable, size);
      throw error;
    } finally {
      // Both mappings keep the object alive; the descriptor itself is no longer needed.
      this.closeFd(fd);
    }
  }

  unmapDual(mapping: DualMapping): void {
    this.unmap(mapping.writable, mapping.size);
    this.unmap(mapping.executable, mapping.size);
  }

  view(address: bigint, size: number): Uint8Array {
    return new Uint8Array(koffi.view(address, size));
  }

  flushInstructionCache(address: bigint, size: number): void {
    if (this.arch === 'x64') {
      // x86 keeps instruction fetch coherent with stores by physical address (Intel SDM Vol. 3 §8.1.3),
      // including stores through another virtual mapping of the same page; the call/jump that reaches
      // the new code is enough for this thread. Other threads need serializeOtherThreads().
      return;
    }
    this.flushArm64(address, size);
  }

  /**
   * AArch64 instruction fetch does not snoop data stores: the written lines must be cleaned to the point
   * of unification, the stale instruction lines invalidated, and the pipeline resynchronized
   * (Arm ARM B2.4.4). jitkit generates that routine itself from CTR_EL0 (see arm64-icache.ts), falling
   * back to libgcc's __clear_cache.
   */
  private flushArm64(address: bigint, size: number): void {
    if (this.arm64Flush === null) {
      this.arm64Flush = createArm64CacheFlush({
        mapCode: (code) => {
          // Fresh pages, written while RW and only then made RX: never writable and executable at once.
          const length = Math.ceil(code.length / this.pageSize) * this.pageSize;
          const mapped = this.map(length, 'rw');
          this.view(mapped, code.length).set(code);
          this.protect(mapped, length, 'rx');
          return mapped;
        },
      });
    }
    this.arm64Flush.flush(address, size);
    if (isTracing()) traceOsCall(`cache flush (${this.arm64Flush.method})`, [hex(address), size], undefined);
  }

  private membarrier(command: number, commandName: string): number {
    const result = Number(this.libc.syscall(SYS_MEMBARRIER[this.arch], 'int', command, 'unsigned int', 0, 'int', 0));
    const errno = result < 0 ? this.errno() : undefined;
    if (isTracing()) traceOsCall('membarrier', [commandName, 0, 0], result, errno);
    return result;
  }

  private ensureMembarrier(): boolean {
    if (this.membarrierState === 'unknown') {
      const supported = this.membarrier(MEMBARRIER_CMD_QUERY, 'MEMBARRIER_CMD_QUERY');
      const offersSyncCore =
        supported >= 0 &&
        (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE) !== 0 &&
        (supported & MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE) !== 0;
      // A process must register its intent once before the expedited SYNC_CORE command is accepted.
      const registered =
        offersSyncCore &&
        this.membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE, 'MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE') === 0;
      this.membarrierState = registered ? 'registered' : 'unavailable';
    }
    return this.membarrierState === 'registered';
  }

  get canSerializeOtherThreads(): boolean {
    return this.ensureMembarrier();
  }

  serializeOtherThreads(): boolean {
    if (!this.ensureMembarrier()) return false;
    return this.membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 'MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE') === 0;
  }

  probePolicy(policy: 'wx' | 'dual' | 'rwx'): string | null {
    const page = this.pageSize;
    try {
      if (policy === 'wx') {
        const address = this.map(page, 'rw');
        try {
          this.protect(address, page, 'rx');
        } finally {
          this.unmap(address, page);
        }
      } else if (policy === 'dual') {
        this.unmapDual(this.mapDual(page));
      } else {
        this.unmap(this.map(page, 'rwx'), page);
      }
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  mappings(): MappingInfo[] {
    const text = readFileSync('/proc/self/maps', 'utf8');
    traceOsCall('read', ['/proc/self/maps'], text.length);
    return parseProcMaps(text);
  }

  cpuFeatures(): string[] {
    let text: string;
    try {
      text = readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return [];
    }
    traceOsCall('read', ['/proc/cpuinfo'], text.length);
    // An arm64 process whose /proc/cpuinfo has no `Features` line is not reading an arm64 kernel's file:
    // qemu-user passes the host's through (x86 `flags`). The auxiliary vector is the emulator's own (it
    // builds it for the guest), so AT_HWCAP then tells what the emulated CPU implements.
    if (this.arch === 'arm64' && !/^Features\s*:/m.test(text)) {
      try {
        const auxv = readFileSync('/proc/self/auxv');
        traceOsCall('read', ['/proc/self/auxv'], auxv.length);
        const hwcap = parseAuxvHwcap(auxv);
        return hwcap === null ? [] : arm64HwcapFeatures(hwcap);
      } catch {
        return [];
      }
    }
    return parseCpuFeatures(text);
  }
}

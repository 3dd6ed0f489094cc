/**
 * The one interface between jitkit and the operating system. Each OS implements it in its own file
 * (`linux.ts` now; `win32.ts` and `darwin.ts` slot in behind the same shape), so `memory/` never learns
 * which system call a policy costs.
 */

/** Page protections jitkit ever asks for. `rwx` exists only for the policy that is requested by name. */
export type Protection = 'none' | 'r' | 'rw' | 'rx' | 'rwx';

export type OperatingSystem = 'linux' | 'win32' | 'darwin';
export type CpuArchitecture = 'x64' | 'arm64';

/**
 * One physical object seen at two virtual addresses: callers jump into `executable` (never writable),
 * jitkit writes through `writable` (never executable). Neither view ever changes protection.
 */
export interface DualMapping {
  readonly executable: bigint;
  readonly writable: bigint;
  readonly size: number;
}

/** What the OS allows, found by trying each mapping once (see `probePolicies`). */
export interface PolicySupport {
  /** `mmap(PROT_READ|PROT_WRITE)` then `mprotect(PROT_READ|PROT_EXEC)` works. */
  readonly wx: boolean;
  /** A shared memory object can be mapped twice, once RW and once RX. */
  readonly dual: boolean;
  /** A mapping may be readable, writable and executable at once. */
  readonly rwx: boolean;
  /** Why each refused policy was refused (the OS error). */
  readonly reasons: Readonly<Partial<Record<'wx' | 'dual' | 'rwx', string>>>;
}

/** One line of the OS's view of the address space (Linux: /proc/self/maps). */
export interface MappingInfo {
  readonly start: bigint;
  readonly end: bigint;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly executable: boolean;
  readonly shared: boolean;
  /** Backing object, e.g. `/memfd:jitkit (deleted)`; empty for anonymous memory. */
  readonly path: string;
}

export interface NativePlatform {
  readonly os: OperatingSystem;
  readonly arch: CpuArchitecture;
  readonly pageSize: number;

  /**
   * Whether code written through a dual mapping's RW view is what the RX view then executes. True on
   * hardware; false under qemu-user, whose translation cache keeps the old code of a page rewritten
   * through another mapping (declared by JITKIT_EMULATOR=qemu-user). `auto` avoids `dual` when false.
   */
  readonly aliasWritesReachExecution: boolean;

  /** Maps `size` bytes (a multiple of the page size) of private zeroed memory with `protection`. */
  map(size: number, protection: Protection): bigint;
  /** Changes the protection of whole pages. */
  protect(address: bigint, size: number, protection: Protection): void;
  unmap(address: bigint, size: number): void;
  /** Maps one shared object twice (RX and RW views). Throws `E_UNSUPPORTED` / `E_NATIVE` when refused. */
  mapDual(size: number): DualMapping;
  unmapDual(mapping: DualMapping): void;

  /** A byte view of native memory. Valid only while the memory stays mapped with read access. */
  view(address: bigint, size: number): Uint8Array;

  /**
   * Makes instructions written to [address, address+size) visible to instruction fetch on this thread
   * and any thread that later branches there (x64: nothing to do; arm64: the clean/invalidate ritual).
   */
  flushInstructionCache(address: bigint, size: number): void;

  /**
   * Forces every other thread of the process through a core-serializing event, so a thread already
   * running near modified code refetches it (Intel SDM Vol. 3 §8.1.3 cross-modifying code; on Linux
   * `membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE)`). Returns false when the OS offers no such call.
   */
  serializeOtherThreads(): boolean;
  readonly canSerializeOtherThreads: boolean;

  /**
   * Tries one memory policy with a throw-away page (never written or executed) and returns null when
   * the OS allows it, else the OS's reason. The caller caches the answer.
   */
  probePolicy(policy: 'wx' | 'dual' | 'rwx'): string | null;

  /** Every mapping of this process as the OS reports it, for tests and the demos' narration. */
  mappings(): MappingInfo[];

  /** CPU feature names as the OS reports them (lower-case, e.g. `avx2`, `avx512f`, `atomics`). */
  cpuFeatures(): string[];
}

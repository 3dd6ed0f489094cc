// What the test process can do on this machine, as skip reasons (false = can).

/** Linux only so far: the other platform layers are not written yet. */
export const cannotRunCode: string | false =
  process.platform !== 'linux'
    ? `executable memory is implemented for Linux only; this is ${process.platform}`
    : process.arch !== 'x64' && process.arch !== 'arm64'
      ? `jitkit runs x64 and arm64 code; this process is ${process.arch}`
      : false;

/**
 * qemu-user caches its translation of a code page and does not notice stores made through a second
 * (dual) mapping of the same memory; the arm64 lane sets JITKIT_EMULATOR=qemu-user so tests that re-run
 * code patched through the RW alias can say why they are skipped there. Real hardware is not affected.
 */
export const aliasWritesInvisible: string | false =
  process.env.JITKIT_EMULATOR === 'qemu-user' ? 'qemu-user does not retranslate code written through a dual-mapped alias' : false;

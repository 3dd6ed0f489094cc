// koffi 3 crashes (SIGSEGV inside its call trampoline, null call-stack pointer) when the first native call
// of a worker thread goes through a function made by `koffi.decode` (what jitkit's nativeFunction uses);
// loading any library first sets up the thread's call stack. Found while writing the stress test; to be
// fixed in src/call (per-thread setup) by its owner. Import this module first in every worker.
import koffi from 'koffi';

koffi.load(process.platform === 'linux' ? 'libc.so.6' : null);

import { JitkitError } from '../errors.ts';

export type PatchArch = 'x64' | 'arm64';

/** The instruction set of this process, for the parts of patching that generate and run code. */
export function hostArch(): PatchArch {
  if (process.arch === 'x64' || process.arch === 'arm64') return process.arch;
  throw new JitkitError('E_UNSUPPORTED', `live patching runs on x64 and arm64 processes; this one is ${process.arch}`);
}

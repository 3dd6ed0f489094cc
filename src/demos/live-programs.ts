import { assembleArm64 } from '../arm64/index.ts';
import { JitkitError } from '../errors.ts';
import { assembleX64 } from '../x64/text/index.ts';

/** A small program for the live-modification demos: its listing (one instruction per `;`) and its bytes. */
export interface LiveProgram {
  readonly listing: string;
  readonly code: Uint8Array;
}

/**
 * Assembles the host-architecture listing with jitkit's own text assemblers. Listings separate
 * instructions with `; ` so they read as one line in a demo step.
 */
export function liveProgram(listings: { readonly x64: string; readonly arm64?: string }, arch: string = process.arch): LiveProgram {
  if (arch === 'x64') return { listing: listings.x64, code: assembleX64(listings.x64.split('; ').join('\n')) };
  if (arch === 'arm64' && listings.arm64 !== undefined) return { listing: listings.arm64, code: assembleArm64(listings.arm64.split('; ').join('\n')) };
  throw new JitkitError('E_UNSUPPORTED', `this demo has no ${arch} program`);
}

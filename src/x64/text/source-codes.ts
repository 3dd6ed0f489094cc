import { Buffer } from 'node:buffer';

/**
 * Assembly text as UTF-16 code units in a typed array, for the scanner. Reading `Uint16Array` elements
 * costs about half of what `String.prototype.charCodeAt` costs in V8's optimized code (callgrind on
 * node 20: ~34 vs ~52 instructions per character of a scanning loop, conversion included), and the
 * conversion itself is one native copy (`Buffer#write` as UTF-16LE).
 *
 * Two 0 code units follow the text, so the scanner may look one character past any position without a
 * bounds check: 0 is no name, digit, blank or punctuation the grammar knows, which ends every loop.
 */
export interface SourceCodes {
  readonly codes: Uint16Array;
  /** Number of code units of the text itself (the sentinels excluded). */
  readonly length: number;
}

/** Little-endian is what `utf16le` writes; on a big-endian host the element view would be byte-swapped. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** One buffer reused by every parse, grown as needed; a parse that finds it busy allocates its own. */
let shared = new Uint16Array(4096);
let sharedBusy = false;

function fill(text: string, codes: Uint16Array): void {
  const length = text.length;
  if (LITTLE_ENDIAN) {
    Buffer.from(codes.buffer, codes.byteOffset, length * 2).write(text, 0, length * 2, 'utf16le');
  } else {
    for (let i = 0; i < length; i++) codes[i] = text.charCodeAt(i);
  }
  codes[length] = 0;
  codes[length + 1] = 0;
}

/** The codes of a text kept for later parses (template call sites, whose text never changes). */
export function ownSourceCodes(text: string): SourceCodes {
  const codes = new Uint16Array(text.length + 2);
  fill(text, codes);
  return { codes, length: text.length };
}

/**
 * The codes of `text` in the shared buffer, for one parse; give them back with `releaseSourceCodes`
 * when the parse ends (normally or by an error).
 */
export function borrowSourceCodes(text: string): SourceCodes {
  let codes: Uint16Array;
  if (sharedBusy) {
    codes = new Uint16Array(text.length + 2);
  } else {
    if (shared.length < text.length + 2) shared = new Uint16Array(Math.max(text.length + 2, shared.length * 2));
    codes = shared;
    sharedBusy = true;
  }
  fill(text, codes);
  return { codes, length: text.length };
}

export function releaseSourceCodes(source: SourceCodes): void {
  if (source.codes === shared) sharedBusy = false;
}

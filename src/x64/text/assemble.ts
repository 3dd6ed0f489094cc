import { Assembler } from '../assembler.ts';
import { X64TextParser } from './parser.ts';

/**
 * Appends Intel-syntax `text` to `assembler` (a new one by default) and returns it, to be continued
 * fluently or finalized: `parseX64('mov eax, 42; ret').finalize()`. Labels the text names are shared by
 * every piece of text appended to the same assembler (see `namedLabel`).
 */
export function parseX64(text: string, assembler: Assembler = new Assembler()): Assembler {
  new X64TextParser(assembler).parse(text);
  return assembler;
}

/**
 * Assembles a complete Intel-syntax program for load address `base` and returns its bytes:
 * `assembleX64('mov eax, 42; ret')`. A label used but never defined is E_LABEL naming where it was used.
 */
export function assembleX64(text: string, base = 0n): Uint8Array {
  const assembler = new Assembler();
  const parser = new X64TextParser(assembler);
  parser.parse(text);
  parser.checkLabelsDefined();
  return assembler.finalize(base);
}

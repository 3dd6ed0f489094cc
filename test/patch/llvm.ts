// Test helper: assembles x86-64 (Intel syntax) or A64 text, labels allowed, with llvm-mc, the encoding
// oracle the project checks hand-written bytes against. Returns the bytes of the .text section.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LLVM_MC = '/usr/bin/llvm-mc';
const LLVM_OBJCOPY = '/usr/bin/llvm-objcopy';

export const noLlvm: string | false = !existsSync(LLVM_MC) || !existsSync(LLVM_OBJCOPY) ? 'llvm-mc/llvm-objcopy not installed (apt llvm)' : false;

function assemble(triple: string, flags: string[], source: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'jitkit-patch-'));
  try {
    const text = join(dir, 'code.s');
    const object = join(dir, 'code.o');
    const binary = join(dir, 'code.bin');
    writeFileSync(text, source.endsWith('\n') ? source : `${source}\n`);
    execFileSync(LLVM_MC, [`-triple=${triple}`, ...flags, '-filetype=obj', '-o', object, text]);
    execFileSync(LLVM_OBJCOPY, ['-O', 'binary', '--only-section=.text', object, binary]);
    return new Uint8Array(readFileSync(binary));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** x86-64 Intel-syntax text → bytes. */
export function x64(source: string): Uint8Array {
  return assemble('x86_64', ['-x86-asm-syntax=intel'], `.intel_syntax noprefix\n${source}`);
}

/** A64 text → bytes. */
export function a64(source: string): Uint8Array {
  return assemble('aarch64', ['-mattr=+neon,+lse,+fp-armv8'], source);
}

export function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

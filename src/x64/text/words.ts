import type { Prefix } from '../assembler.ts';
import type { MemorySize } from '../memory.ts';
import { GP8, GP8_HIGH, GP16, GP32, GP64, KREGS, Register, SegmentRegister, XMM, YMM, ZMM, fs, gs, rip } from '../registers.ts';

/** A reserved word of the text syntax that is not a register: an operand size, `ptr`, a prefix or a directive. */
export class Keyword {
  readonly word: string;
  readonly role: 'size' | 'ptr' | 'prefix' | 'directive';
  /** Operand size in bytes for `role: 'size'`, element size for the data directives, 0 otherwise. */
  readonly size: MemorySize;
  readonly prefix: Prefix | null;

  constructor(word: string, role: Keyword['role'], size: MemorySize, prefix: Prefix | null) {
    this.word = word;
    this.role = role;
    this.size = size;
    this.prefix = prefix;
  }
}

/** Everything a word in operand or prefix position can name, besides a label. */
export type Word = Register | SegmentRegister | Keyword;

const WORDS = new Map<string, Word>();
for (const list of [GP64, GP32, GP16, GP8, GP8_HIGH, XMM, YMM, ZMM, KREGS]) {
  for (const register of list) WORDS.set(register.name, register);
}
// Intel's alternative names for the low bytes of r8-r15
for (let id = 8; id < 16; id++) WORDS.set(`r${id}l`, GP8[id]!);
WORDS.set('rip', rip);
WORDS.set('fs', fs);
WORDS.set('gs', gs);
const SIZES: Array<[string, MemorySize]> = [['byte', 1], ['word', 2], ['dword', 4], ['qword', 8], ['xmmword', 16], ['ymmword', 32], ['zmmword', 64]];
for (const [word, size] of SIZES) WORDS.set(word, new Keyword(word, 'size', size, null));
WORDS.set('ptr', new Keyword('ptr', 'ptr', 0, null));
for (const prefix of ['lock', 'rep', 'repe', 'repz', 'repne', 'repnz'] as const) WORDS.set(prefix, new Keyword(prefix, 'prefix', 0, prefix));
// data directives carry their element size; `align` carries none
const DIRECTIVES: Array<[string, MemorySize]> = [['align', 0], ['db', 1], ['dw', 2], ['dd', 4], ['dq', 8]];
for (const [word, size] of DIRECTIVES) WORDS.set(word, new Keyword(word, 'directive', size, null));

/** The register or keyword spelled by `name` (already lower case), or undefined for a label name. */
export function wordNamed(name: string): Word | undefined {
  return WORDS.get(name);
}

/** Every directive word, for error messages. */
export const DIRECTIVE_WORDS: readonly string[] = DIRECTIVES.map(([word]) => word);

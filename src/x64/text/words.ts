import type { Prefix } from '../assembler.ts';
import { MNEMONICS } from '../instruction-set.ts';
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

/** Everything a word can name besides a mnemonic or a label. */
export type Word = Register | SegmentRegister | Keyword;

/**
 * Every name the parser knows — registers, keywords and the table's mnemonics — in one open-addressing
 * hash table keyed by a hash the scanner computes while it reads the name. A lookup then costs a few
 * array reads and a character comparison, and no string is cut out of the source unless the name turns
 * out to be a label (the parser's hot path: several names per line, at millions of lines per second).
 */
const TABLE_BITS = 12;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const slotName: Array<string | undefined> = new Array(1 << TABLE_BITS).fill(undefined);
const slotHash = new Int32Array(1 << TABLE_BITS);
/** The register or keyword in each slot (undefined: none). */
export const SLOT_WORD: Array<Word | undefined> = new Array(1 << TABLE_BITS).fill(undefined);
/** The mnemonic id in each slot (-1: not a mnemonic). */
export const SLOT_MNEMONIC = new Int32Array(1 << TABLE_BITS).fill(-1);

/** One step of the name hash, over lower-case character codes. */
export function hashStep(hash: number, lowerCode: number): number {
  return Math.imul(hash ^ lowerCode, 0x01000193);
}

export const HASH_START = 0x811c9dc5 | 0;

function hashOf(name: string): number {
  let hash = HASH_START;
  for (let i = 0; i < name.length; i++) hash = hashStep(hash, name.charCodeAt(i));
  return hash;
}

function slotFor(name: string): number {
  const hash = hashOf(name);
  let slot = (hash ^ (hash >>> TABLE_BITS)) & TABLE_MASK;
  while (slotName[slot] !== undefined && slotName[slot] !== name) slot = (slot + 1) & TABLE_MASK;
  slotName[slot] = name;
  slotHash[slot] = hash;
  return slot;
}

/**
 * The slot of the name `text[start, end)` (compared without regard to case), whose lower-case hash is
 * `hash`; -1 when the name is not a register, keyword or mnemonic.
 */
export function findName(text: string, start: number, end: number, hash: number): number {
  const length = end - start;
  let slot = (hash ^ (hash >>> TABLE_BITS)) & TABLE_MASK;
  for (;;) {
    const name = slotName[slot];
    if (name === undefined) return -1;
    if (slotHash[slot] === hash && name.length === length) {
      let i = 0;
      while (i < length) {
        let code = text.charCodeAt(start + i);
        if (code >= 65 && code <= 90) code += 32;
        if (code !== name.charCodeAt(i)) break;
        i++;
      }
      if (i === length) return slot;
    }
    slot = (slot + 1) & TABLE_MASK;
  }
}

function addWord(name: string, word: Word): void {
  SLOT_WORD[slotFor(name)] = word;
}

for (const list of [GP64, GP32, GP16, GP8, GP8_HIGH, XMM, YMM, ZMM, KREGS]) {
  for (const register of list) addWord(register.name, register);
}
// Intel's alternative names for the low bytes of r8-r15
for (let id = 8; id < 16; id++) addWord(`r${id}l`, GP8[id]!);
addWord('rip', rip);
addWord('fs', fs);
addWord('gs', gs);
const SIZES: Array<[string, MemorySize]> = [['byte', 1], ['word', 2], ['dword', 4], ['qword', 8], ['xmmword', 16], ['ymmword', 32], ['zmmword', 64]];
for (const [word, size] of SIZES) addWord(word, new Keyword(word, 'size', size, null));
addWord('ptr', new Keyword('ptr', 'ptr', 0, null));
for (const prefix of ['lock', 'rep', 'repe', 'repz', 'repne', 'repnz'] as const) addWord(prefix, new Keyword(prefix, 'prefix', 0, prefix));
// data directives carry their element size; `align` carries none
const DIRECTIVES: Array<[string, MemorySize]> = [['align', 0], ['db', 1], ['dw', 2], ['dd', 4], ['dq', 8]];
for (const [word, size] of DIRECTIVES) addWord(word, new Keyword(word, 'directive', size, null));
MNEMONICS.forEach((mnemonic, id) => {
  SLOT_MNEMONIC[slotFor(mnemonic)] = id;
});

/** Every directive word, for error messages. */
export const DIRECTIVE_WORDS: readonly string[] = DIRECTIVES.map(([word]) => word);

import type { Prefix } from '../assembler.ts';
import { MNEMONICS } from '../instruction-set.ts';
import type { MemorySize } from '../memory.ts';
import { GP8, GP8_HIGH, GP16, GP32, GP64, KREGS, Register, SegmentRegister, XMM, YMM, ZMM, fs, gs, rip } from '../registers.ts';

/**
 * Every name the parser knows — registers, keywords and the table's mnemonics — keyed by the name's
 * characters packed into integers while the scanner reads them.
 *
 * A name character is one of 40 symbols (letters without case, digits, `_ . $ @`), numbered 1-40, so
 * six bits hold one and the first two integers take five characters each (30 bits). The third takes the
 * next six in bijective base 40 (k2 = k2 * 40 + symbol: at most 40 * (40^6 - 1) / 39 < 2^32, kept as its
 * int32 bit pattern, never -1 = LONG_NAME): a name of up to 16 characters is exactly three integers, with
 * no two names alike (no symbol is 0, so "ab" and "a" differ too). The table is open addressing over those
 * integers: a lookup compares three numbers and never re-reads the text or cuts a string out of it. Every
 * register, keyword and mnemonic is at most 16 characters long (vaeskeygenassist); a longer name can
 * only be a label.
 */

/**
 * The 6-bit symbol of a name character: letters 1-26 (either case), `_` 27, `.` 28, `$` 29, `@` 30,
 * digits 31-40; 0 for any other code unit. Computed rather than looked up: in V8's optimized code a
 * module-level table costs a context load and map, bounds and Smi checks on every character, more than
 * these compares.
 */
export function nameSymbol(code: number): number {
  const letter = (code | 32) - 96;
  if (letter >= 1 && letter <= 26) return letter;
  if (code >= 48 && code <= 57) return code - 17;
  return code === 95 ? 27 : code === 46 ? 28 : code === 36 ? 29 : code === 64 ? 30 : 0;
}

/** Names longer than this are never words; their key has this in its last part. */
export const LONG_NAME = -1;
export const MAX_WORD_LENGTH = 16;

/** What a word is, besides possibly a mnemonic (a name can be both, e.g. none today, but the table decides). */
export const WordKind = {
  NONE: 0,
  REGISTER: 1,
  SEGMENT: 2,
  /** byte … zmmword; the value is the size in bytes. */
  SIZE: 3,
  PTR: 4,
  /** lock, rep…; the value indexes PREFIXES. */
  PREFIX: 5,
  /** align, db, dw, dd, dq; the value is the element size (0 for align). */
  DIRECTIVE: 6,
  /** `offset name`: the absolute address of a label. */
  OFFSET: 7,
} as const;

const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
const TABLE_MASK = TABLE_SIZE - 1;
/** Per slot: the three key integers and 1 when the slot is taken. */
const slotKeys = new Int32Array(TABLE_SIZE * 4);
/** The WordKind of each slot. */
export const SLOT_KIND = new Uint8Array(TABLE_SIZE);
/** The size, prefix index or element size of SIZE, PREFIX and DIRECTIVE words. */
export const SLOT_VALUE = new Int32Array(TABLE_SIZE);
/** The register of REGISTER words (undefined otherwise). One array of one class: monomorphic reads. */
export const SLOT_REGISTER: Array<Register | undefined> = new Array<Register | undefined>(TABLE_SIZE).fill(undefined);
/** The segment of SEGMENT words. */
export const SLOT_SEGMENT: Array<SegmentRegister | undefined> = new Array<SegmentRegister | undefined>(TABLE_SIZE).fill(undefined);
/** The mnemonic id in each slot (-1: not a mnemonic). */
export const SLOT_MNEMONIC = new Int32Array(TABLE_SIZE).fill(-1);
/** The word as written in the table (lower case), for messages. */
export const SLOT_NAME: string[] = new Array<string>(TABLE_SIZE).fill('');

export const PREFIXES: readonly Prefix[] = ['lock', 'rep', 'repe', 'repz', 'repne', 'repnz'];

/** The table slot a key starts probing at. */
export function keySlot(k0: number, k1: number, k2: number): number {
  return Math.imul(k0 ^ Math.imul(k1 ^ Math.imul(k2, 0x2c1b3c6d), 0x297a2d39), 0x9e3779b1) >>> (32 - TABLE_BITS);
}

/** The slot of the name whose packed key is (k0, k1, k2), or -1 when it is no register, keyword or mnemonic. */
export function findWord(k0: number, k1: number, k2: number): number {
  let slot = keySlot(k0, k1, k2);
  for (;;) {
    const at = slot << 2;
    if (slotKeys[at + 3] === 0) return -1;
    if (slotKeys[at] === k0 && slotKeys[at + 1] === k1 && slotKeys[at + 2] === k2) return slot;
    slot = (slot + 1) & TABLE_MASK;
  }
}

/** The packed key of `name` (which must be a name of at most 16 characters), as the scanner computes it. */
export function keyOf(name: string): [number, number, number] {
  const key = [0, 0, 0] as [number, number, number];
  for (let i = 0; i < name.length; i++) {
    const symbol = nameSymbol(name.charCodeAt(i));
    if (symbol === 0 || name.length > MAX_WORD_LENGTH) throw new Error(`internal: '${name}' is not a word`);
    if (i < 10) {
      const part = Math.floor(i / 5);
      key[part] = (key[part]! << 6) | symbol;
    } else {
      key[2] = key[2] * 40 + symbol;
    }
  }
  key[2] |= 0;
  return key;
}

function slotFor(name: string): number {
  const [k0, k1, k2] = keyOf(name);
  let slot = keySlot(k0, k1, k2);
  for (;;) {
    const at = slot << 2;
    if (slotKeys[at + 3] === 0) {
      slotKeys[at] = k0;
      slotKeys[at + 1] = k1;
      slotKeys[at + 2] = k2;
      slotKeys[at + 3] = 1;
      SLOT_NAME[slot] = name;
      return slot;
    }
    if (slotKeys[at] === k0 && slotKeys[at + 1] === k1 && slotKeys[at + 2] === k2) return slot;
    slot = (slot + 1) & TABLE_MASK;
  }
}

function addWord(name: string, kind: number, value = 0): number {
  const slot = slotFor(name);
  SLOT_KIND[slot] = kind;
  SLOT_VALUE[slot] = value;
  return slot;
}

function addRegister(name: string, register: Register): void {
  SLOT_REGISTER[addWord(name, WordKind.REGISTER)] = register;
}

for (const list of [GP64, GP32, GP16, GP8, GP8_HIGH, XMM, YMM, ZMM, KREGS]) {
  for (const register of list) addRegister(register.name, register);
}
// Intel's alternative names for the low bytes of r8-r15
for (let id = 8; id < 16; id++) addRegister(`r${id}l`, GP8[id]!);
addRegister('rip', rip);
SLOT_SEGMENT[addWord('fs', WordKind.SEGMENT)] = fs;
SLOT_SEGMENT[addWord('gs', WordKind.SEGMENT)] = gs;
const SIZES: Array<[string, MemorySize]> = [['byte', 1], ['word', 2], ['dword', 4], ['qword', 8], ['xmmword', 16], ['ymmword', 32], ['zmmword', 64]];
for (const [word, size] of SIZES) addWord(word, WordKind.SIZE, size);
addWord('ptr', WordKind.PTR);
addWord('offset', WordKind.OFFSET);
PREFIXES.forEach((prefix, index) => addWord(prefix, WordKind.PREFIX, index));
// data directives carry their element size; `align` carries none
const DIRECTIVES: Array<[string, MemorySize]> = [['align', 0], ['db', 1], ['dw', 2], ['dd', 4], ['dq', 8]];
for (const [word, size] of DIRECTIVES) addWord(word, WordKind.DIRECTIVE, size);
MNEMONICS.forEach((mnemonic, id) => {
  SLOT_MNEMONIC[slotFor(mnemonic)] = id;
});

/** Every directive word, for error messages. */
export const DIRECTIVE_WORDS: readonly string[] = DIRECTIVES.map(([word]) => word);

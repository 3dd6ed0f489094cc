import { Encoding, Form } from './form.ts';
import { ImmClass, Kind, MEM_ANY, MEM_KINDS } from './operand-kind.ts';
import { RoundingClass } from './rounding.ts';

/**
 * Expands the compact instruction table (table/*.ts) into Form records.
 *
 * A table line is `mnemonic | operands | operand encoding | opcode`, written as in the Intel SDM:
 *
 *     add     | r/mv, simm8      | MI  | 83 /0 ib
 *     vaddps  | V{kz}, V, V/mV/b32 | RVM | EVEX.L.0F.W0 58 /r
 *
 * Operand encoding letters, one per operand: R = ModRM.reg, M = ModRM.rm, V = VEX/EVEX.vvvv,
 * I = immediate, O = added to the opcode (`+r`), D = branch displacement, Z = implicit (not encoded),
 * L = register in imm8[7:4] (`/is4`), B = the same register in both ModRM.reg and ModRM.rm,
 * A = a 64-bit absolute address after the opcode (`moffs8`…`moffs64`, no ModRM).
 * An opcode token `ib=NN` is an imm8 fixed by the mnemonic (the compare pseudo-ops' predicate).
 *
 * Macros, expanded in this order:
 * - `@each a:b c:d` … `@end` repeats the enclosed lines, replacing `$0`, `$1`, … by the fields of each item;
 * - `<cc>` in a mnemonic with `+cc` on an opcode byte expands to the 16 conditions and their aliases;
 * - `v` operand sizes (`rv`, `r/mv`, `mv`, `immz`) expand to 16/32/64 bits, `y` sizes to 32/64 bits,
 *   adding the 0x66 prefix for 16 bits and REX.W (or `Wy` → W1) for 64 bits;
 * - `.L.` in a VEX/EVEX opcode expands to each vector length, with `V` (full vector register),
 *   `H` (half: xmm, xmm, ymm), `mV`/`mH`/`mQ`/`mO` (memory of the full, half, quarter, eighth vector size).
 */

interface RawLine {
  mnemonic: string;
  operands: string[];
  roles: string;
  opcode: string[];
}

const CONDITIONS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [0, ['o']], [1, ['no']], [2, ['b', 'c', 'nae']], [3, ['ae', 'nb', 'nc']], [4, ['e', 'z']], [5, ['ne', 'nz']],
  [6, ['be', 'na']], [7, ['a', 'nbe']], [8, ['s']], [9, ['ns']], [10, ['p', 'pe']], [11, ['np', 'po']],
  [12, ['l', 'nge']], [13, ['ge', 'nl']], [14, ['le', 'ng']], [15, ['g', 'nle']],
];

function expandEach(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/#.*$/, '').trim();
    if (line === '') continue;
    if (line.startsWith('@each')) {
      const items = line.slice(5).trim().split(/\s+/).map((item) => item.split(':'));
      const body: string[] = [];
      for (i++; i < lines.length && lines[i]!.trim() !== '@end'; i++) {
        const bodyLine = lines[i]!.replace(/#.*$/, '').trim();
        if (bodyLine !== '') body.push(bodyLine);
      }
      if (i >= lines.length) throw new Error('table: @each without @end');
      for (const fields of items) {
        for (const bodyLine of body) out.push(bodyLine.replace(/\$(\d)/g, (_, n: string) => fields[Number(n)] ?? ''));
      }
      continue;
    }
    out.push(line);
  }
  return out;
}

function parseLine(line: string): RawLine {
  const parts = line.split('|').map((part) => part.trim());
  if (parts.length !== 4) throw new Error(`table: expected 4 fields in "${line}"`);
  const operands = parts[1] === '' ? [] : parts[1]!.split(',').map((operand) => operand.trim());
  const roles = parts[2] === '-' ? '' : parts[2]!;
  if (roles.length !== operands.length) throw new Error(`table: ${roles.length} roles for ${operands.length} operands in "${line}"`);
  return { mnemonic: parts[0]!, operands, roles, opcode: parts[3]!.split(/\s+/) };
}

function expandConditions(raw: RawLine): RawLine[] {
  if (!raw.mnemonic.includes('<cc>')) return [raw];
  const out: RawLine[] = [];
  for (const [code, names] of CONDITIONS) {
    const opcode = raw.opcode.map((token) => {
      const match = /^([0-9A-F]{2})\+cc$/.exec(token);
      return match ? hex2(parseInt(match[1]!, 16) + code) : token;
    });
    for (const name of names) out.push({ ...raw, mnemonic: raw.mnemonic.replace('<cc>', name), opcode });
  }
  return out;
}

function hex2(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, '0');
}

const ACCUMULATOR: Record<number, string> = { 16: 'ax', 32: 'eax', 64: 'rax' };

function expandSizes(raw: RawLine): RawLine[] {
  const joined = raw.operands.join(',');
  const hasV = /\b(r\/m|r|m|a)v\b|\bimmz\b/.test(joined);
  const hasY = /\b(r\/m|r|m)y\b/.test(joined);
  if (!hasV && !hasY) return [raw];
  const sizes = hasV ? [16, 32, 64] : [32, 64];
  const isVex = raw.opcode[0]!.startsWith('VEX') || raw.opcode[0]!.startsWith('EVEX');
  return sizes.map((size) => {
    const operands = raw.operands.map((operand) =>
      operand
        .replace(/\b(r\/m|r|m)[vy]\b/g, `$1${size}`)
        .replace(/\bav\b/g, ACCUMULATOR[size]!)
        .replace(/\bimmz\b/g, size === 16 ? 'imm16' : 'imm32'));
    let opcode = raw.opcode;
    if (isVex) {
      opcode = opcode.map((token, i) => (i === 0 ? token.replace('.Wy', size === 64 ? '.W1' : '.W0') : token));
    } else if (size === 16) {
      opcode = ['66', ...opcode];
    } else if (size === 64) {
      opcode = ['REX.W', ...opcode];
    }
    return { ...raw, operands, opcode };
  });
}

const VECTOR_BY_L = ['xmm', 'ymm', 'zmm'];
const HALF_BY_L = ['xmm', 'xmm', 'ymm'];

function expandLengths(raw: RawLine): RawLine[] {
  const head = raw.opcode[0]!;
  if (!/^E?VEX\.L\./.test(head)) return [raw];
  const lengths = head.startsWith('EVEX') ? [0, 1, 2] : [0, 1];
  return lengths.map((l) => {
    const bytes = 16 << l;
    const operands = raw.operands.map((operand) =>
      operand
        .replace(/\bmV\b/g, `m${bytes * 8}`)
        .replace(/\bmH\b/g, `m${bytes * 4}`)
        .replace(/\bmQ\b/g, `m${bytes * 2}`)
        .replace(/\bmO\b/g, `m${bytes}`)
        .replace(/\bV\b/g, VECTOR_BY_L[l]!)
        .replace(/\bH\b/g, HALF_BY_L[l]!));
    const opcode = [head.replace('.L.', `.${bytes * 8}.`), ...raw.opcode.slice(1)];
    return { ...raw, operands, opcode };
  });
}

const ATOM_KIND: Record<string, number> = {
  r8: Kind.R8, r16: Kind.R16, r32: Kind.R32, r64: Kind.R64,
  al: Kind.AL, ax: Kind.AX, eax: Kind.EAX, rax: Kind.RAX, cl: Kind.CL,
  m: MEM_ANY, m8: Kind.M8, m16: Kind.M16, m32: Kind.M32, m64: Kind.M64, m128: Kind.M128, m256: Kind.M256, m512: Kind.M512,
  xmm: Kind.XMM, xmm0: Kind.XMM0, ymm: Kind.YMM, zmm: Kind.ZMM, k: Kind.K,
  b32: Kind.B32, b64: Kind.B64,
  imm8: Kind.IMM, simm8: Kind.IMM, imm16: Kind.IMM, imm32: Kind.IMM, imm64: Kind.IMM, 1: Kind.IMM,
  rel8: Kind.REL, rel32: Kind.REL,
};
const MEMORY_SIZE: Record<string, number> = { m8: 1, m16: 2, m32: 4, m64: 8, m128: 16, m256: 32, m512: 64 };
const GP_SIZE: Record<string, number> = { r8: 1, r16: 2, r32: 4, r64: 8, m8: 1, m16: 2, m32: 4, m64: 8, al: 1, ax: 2, eax: 4, rax: 8 };

function atomsOf(operand: string): string[] {
  const bare = operand.replace(/\{(?:kz?|K)\}$/, '');
  return bare.replace(/^r\/m(\d+)/, 'r$1/m$1').split('/');
}

function immClassOf(atom: string, statedSize: number): number {
  // without a GP operand (push imm), the operand size is the 64-bit default
  const operandSize = statedSize === 0 ? 8 : statedSize;
  switch (atom) {
    case '1':
      return ImmClass.ONE;
    case 'imm8':
      return ImmClass.U8;
    case 'simm8':
      return operandSize === 2 ? ImmClass.SX8_16 : operandSize === 8 ? ImmClass.SX8_64 : operandSize === 1 ? ImmClass.U8 : ImmClass.SX8_32;
    case 'imm16':
      return ImmClass.U16;
    case 'imm32':
      return operandSize === 8 ? ImmClass.SX32_64 : ImmClass.U32;
    case 'imm64':
      return ImmClass.U64;
    default:
      throw new Error(`table: ${atom} is not an immediate`);
  }
}

const IMM_SIZE: Record<string, number> = { imm8: 1, simm8: 1, imm16: 2, imm32: 4, imm64: 8, 1: 0 };

function buildForm(raw: RawLine): Form {
  const form = new Form();
  form.mnemonic = raw.mnemonic;
  form.count = raw.operands.length;
  form.text = raw.operands.length === 0 ? raw.mnemonic : `${raw.mnemonic} ${raw.operands.join(', ')}`;
  parseOpcode(form, raw);
  const isEvex = form.encoding === Encoding.EVEX;

  let operandSize = 0;
  for (const operand of raw.operands) {
    for (const atom of atomsOf(operand)) {
      if (operandSize === 0 && GP_SIZE[atom] !== undefined) operandSize = GP_SIZE[atom]!;
    }
  }

  let memorySize = 0;
  raw.operands.forEach((operand, index) => {
    let spec = 0;
    for (const atom of atomsOf(operand)) {
      const vsib = /^vm(\d+)([xyz])$/.exec(atom);
      if (vsib) {
        // gathers/scatters: `vm128x` is a 128-bit operand addressed through an xmm index
        spec |= Kind.VSIB;
        form.vsib = ('xyz'.indexOf(vsib[2]!) + 1) | (form.w === 1 ? 4 : 0) | ((Number(vsib[1]) / 8) << 3);
        form.vsibOp = index;
        continue;
      }
      const moffs = /^moffs(8|16|32|64)$/.exec(atom);
      if (moffs) {
        // matched by its address shape (index width 0, the accumulator's size), like a VSIB operand
        spec |= Kind.MOFFS;
        form.vsib = (Number(moffs[1]) / 8) << 3;
        continue;
      }
      if (atom === 'er' || atom === 'sae') {
        // static rounding / exception suppression: an immediate-like operand slot, encoded in EVEX.b and L'L
        spec |= Kind.IMM;
        form.roundingOp = index;
        form.roundingClass = atom === 'er' ? RoundingClass.ER : RoundingClass.SAE;
        continue;
      }
      const kind = ATOM_KIND[atom];
      if (kind === undefined) throw new Error(`table: unknown operand "${atom}" in ${form.text}`);
      spec |= kind;
      if (isEvex && atom === 'xmm') spec |= Kind.XMM_HI;
      if (isEvex && atom === 'ymm') spec |= Kind.YMM_HI;
      if (MEMORY_SIZE[atom] !== undefined) memorySize = MEMORY_SIZE[atom]!;
      if (atom === 'b32' || atom === 'b64') {
        if (!isEvex) throw new Error(`table: broadcast outside EVEX in ${form.text}`);
        form.broadcastElement = atom === 'b32' ? 4 : 8;
      }
      if (kind === Kind.IMM && form.immCheckOp >= 0 && form.immCheckOp !== index) {
        form.imm2Op = index;
        form.imm2Class = immClassOf(atom, operandSize);
        form.imm2Size = IMM_SIZE[atom]!;
      } else if (kind === Kind.IMM) {
        form.immCheckOp = index;
        form.immClass = immClassOf(atom, operandSize);
        form.immSize = IMM_SIZE[atom]!;
      }
      if (kind === Kind.REL) form.relSize = atom === 'rel8' ? 1 : 4;
    }
    if (index === 0 && operand.endsWith('{k}')) form.maskMode = 1;
    if (index === 0 && operand.endsWith('{kz}')) form.maskMode = 2;
    if (index === 0 && operand.endsWith('{K}')) {
      form.maskMode = 1;
      form.maskRequired = true;
    }
    if ((form.maskMode !== 0 || form.broadcastElement !== 0) && !isEvex) throw new Error(`table: masking outside EVEX in ${form.text}`);
    setSpec(form, index, spec);
    if ((spec & Kind.R8) !== 0) form.hasByteRegister = true;

    switch (raw.roles[index]) {
      case 'R': form.regOp = index; break;
      case 'M': form.rmOp = index; break;
      case 'B': form.regOp = index; form.rmOp = index; break;
      case 'A': form.moffsOp = index; break;
      case 'V': form.vvvvOp = index; break;
      case 'I': if (form.immOp < 0) form.immOp = index; break;
      case 'O': form.opcodeRegOp = index; break;
      case 'D': form.relOp = index; break;
      case 'L': form.is4Op = index; form.immSize = 1; break;
      case 'Z': if (form.immCheckOp === index) form.immSize = 0; break;
      case 'E': break;
      default: throw new Error(`table: unknown operand role "${raw.roles[index]}" in ${form.text}`);
    }
  });
  if (isEvex) {
    // disp8*N: for nearly every EVEX tuple type N is the size of the memory operand; element-wise
    // accesses (compress/expand, Tuple1 Scalar) state their N explicitly
    form.disp8Scale = form.disp8Override || (memorySize === 0 ? 1 : memorySize);
    if (form.broadcastElement !== 0) form.broadcastCount = memorySize / form.broadcastElement;
  }
  return form;
}

function setSpec(form: Form, index: number, spec: number): void {
  if (index === 0) form.spec0 = spec;
  else if (index === 1) form.spec1 = spec;
  else if (index === 2) form.spec2 = spec;
  else if (index === 3) form.spec3 = spec;
  else if (index === 4) form.spec4 = spec;
  else throw new Error(`table: more than 5 operands in ${form.text}`);
}

export function specOf(form: Form, index: number): number {
  return index === 0 ? form.spec0 : index === 1 ? form.spec1 : index === 2 ? form.spec2 : index === 3 ? form.spec3 : index === 4 ? form.spec4 : 0;
}

const MAPS: Record<string, number> = { '0F': 1, '0F38': 2, '0F3A': 3 };
const PP: Record<string, number> = { NP: 0, '66': 1, F3: 2, F2: 3 };

function parseOpcode(form: Form, raw: RawLine): void {
  const tokens = raw.opcode;
  let i = 0;
  const head = tokens[0]!;
  if (head.startsWith('VEX.') || head.startsWith('EVEX.')) {
    const fields = head.split('.');
    form.encoding = fields[0] === 'EVEX' ? Encoding.EVEX : Encoding.VEX;
    for (const field of fields.slice(1)) {
      if (field === '128' || field === 'LZ' || field === 'L0' || field === 'LIG') form.vectorLength = 0;
      else if (field === '256' || field === 'L1') form.vectorLength = 1;
      else if (field === '512') form.vectorLength = 2;
      else if (PP[field] !== undefined) form.pp = PP[field]!;
      else if (MAPS[field] !== undefined) form.map = MAPS[field]!;
      else if (field === 'W0' || field === 'WIG') form.w = 0;
      else if (field === 'W1') form.w = 1;
      else throw new Error(`table: unknown VEX/EVEX field ${field} in ${form.text}`);
    }
    i = 1;
  } else {
    for (; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token === '66') form.prefix66 = true;
      else if (token === '67') form.prefix67 = true;
      else if (token === 'F2') form.prefixRep = 0xf2;
      else if (token === 'F3') form.prefixRep = 0xf3;
      else if (token === 'NP') continue;
      else if (token === 'REX.W') form.w = 1;
      else break;
    }
    if (tokens[i] === '0F') {
      i++;
      form.map = 1;
      if (tokens[i] === '38') { form.map = 2; i++; }
      else if (tokens[i] === '3A') { form.map = 3; i++; }
    }
  }
  let sawOpcode = false;
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    const hex = /^([0-9A-F]{2})(\+r)?$/.exec(token);
    if (hex) {
      if (!sawOpcode) {
        form.opcode = parseInt(hex[1]!, 16);
        sawOpcode = true;
      } else {
        form.fixedModrm = parseInt(hex[1]!, 16);
      }
      continue;
    }
    const digit = /^\/([0-7])$/.exec(token);
    if (digit) { form.modrmDigit = Number(digit[1]); continue; }
    const fixedImm = /^ib=([0-9A-F]{2})$/.exec(token);
    if (fixedImm) { form.fixedImm = parseInt(fixedImm[1]!, 16); form.immSize = 1; continue; }
    const tuple = /^N=(\d+)$/.exec(token);
    if (tuple) { form.disp8Override = Number(tuple[1]); continue; }
    const swapped = /^rev=(?:(66|F2|F3|NP)\.)?([0-9A-F]{2})$/.exec(token);
    if (swapped) {
      form.swappedOpcode = parseInt(swapped[2]!, 16);
      form.swappedPp = swapped[1] === undefined ? form.pp : PP[swapped[1]]!;
      continue;
    }
    if (['/r', 'ib', 'iw', 'id', 'iz', 'iq', 'cb', 'cd', 'is4'].includes(token)) continue;
    throw new Error(`table: unknown opcode token ${token} in ${form.text}`);
  }
  if (!sawOpcode) throw new Error(`table: no opcode byte in ${form.text}`);
  const prefixes = [form.prefix67 ? 0x67 : 0, form.prefix66 ? 0x66 : 0, form.prefixRep].filter((byte) => byte !== 0);
  form.prefixBytes = prefixes.reduce((packed, byte, i) => packed | (byte << (8 * i)), 0);
  form.prefixCount = prefixes.length;
  const escapes = form.map === 0 ? [] : form.map === 1 ? [0x0f] : form.map === 2 ? [0x0f, 0x38] : [0x0f, 0x3a];
  const opcodes = [...escapes, form.opcode];
  form.opcodeBytes = opcodes.reduce((packed, byte, i) => packed | (byte << (8 * i)), 0);
  form.opcodeCount = opcodes.length;
}

/**
 * A memory operand written without a size is accepted by a form when every form of the mnemonic with the
 * same other operands agrees on the memory size (`addss xmm0, [rax]` is unambiguous; `add [rax], 1` is not).
 */
function allowUnsizedMemory(forms: Form[]): void {
  const sizesByShape = new Map<string, Set<number>>();
  const shapeOf = (form: Form, memoryIndex: number): string => {
    let key = `${form.mnemonic}/${form.count}/${memoryIndex}`;
    for (let i = 0; i < form.count; i++) if (i !== memoryIndex) key += `/${specOf(form, i)}`;
    return key;
  };
  const memoryIndexOf = (form: Form): number => {
    for (let i = 0; i < form.count; i++) if ((specOf(form, i) & MEM_KINDS & ~(Kind.MEM_UNSIZED | Kind.VSIB)) !== 0) return i;
    return -1;
  };
  for (const form of forms) {
    const index = memoryIndexOf(form);
    if (index < 0) continue;
    const key = shapeOf(form, index);
    const sizes = sizesByShape.get(key) ?? new Set<number>();
    sizes.add(specOf(form, index) & MEM_ANY);
    sizesByShape.set(key, sizes);
  }
  for (const form of forms) {
    const index = memoryIndexOf(form);
    if (index < 0) continue;
    if (sizesByShape.get(shapeOf(form, index))!.size === 1) setSpec(form, index, specOf(form, index) | Kind.MEM_UNSIZED);
  }
}

/** Expands table texts into forms, in table order (earlier forms win when several match). */
export function expandTable(texts: readonly string[]): Form[] {
  const forms: Form[] = [];
  for (const text of texts) {
    for (const line of expandEach(text)) {
      for (const conditional of expandConditions(parseLine(line))) {
        for (const sized of expandSizes(conditional)) {
          for (const lengthed of expandLengths(sized)) forms.push(buildForm(lengthed));
        }
      }
    }
  }
  allowUnsizedMemory(forms);
  forms.forEach((form, id) => (form.id = id));
  return forms;
}

import { makeForm, type Form } from './form.ts';
import {
  addSubImmediate, addSubImmediateShift, negatedAddSubImmediate, adrTarget21, adrpTarget21, bitfieldLsb, bitfieldWidth, bitmaskImmediate,
  condition, invertedCondition, lo12AddImmediate, lslAmount, moveWideAlias, moveWideShift, registerExtend,
  registerShift, sameRegister, unsignedImmediate,
} from './slots.ts';
import { BOTH_WIDTHS, W32, X64 } from './table-registers.ts';

/**
 * Integer data processing (Arm ARM C4.1.2 "Data Processing -- Immediate" and C4.1.4 "Data Processing --
 * Register"). Aliases come before the instruction they alias so the disassembler prints them first, as the
 * Arm ARM's "preferred disassembly" rules ask; the disassembler checks every alias by re-assembling it.
 */
export const integerForms: Form[] = [];
const f = (mnemonic: string, bits: number, slots: Parameters<typeof makeForm>[2]) => integerForms.push(makeForm(mnemonic, bits, slots));

const RD31 = 31;
const RN31 = 31 << 5;
const RM31 = 31 << 16;
const RA31 = 31 << 10;

for (const R of BOTH_WIDTHS) {
  const sf = R.sf;
  const w = R.width;
  // mov between registers is ORR (shifted register) with Rn = zr; with sp it is ADD #0, handled below.
  f('mov', sf | 0x2a000000 | RN31, [R.d, R.m]);
  f('mov', sf | 0x11000000, [R.dSPOnly, R.nSP]);
  f('mov', sf | 0x11000000, [R.dSP, R.nSPOnly]);
  // mov #imm: MOVZ, then MOVN, then ORR with a bitmask immediate (the order the Arm ARM gives for MOV aliases).
  f('mov', sf | 0x52800000, [R.d, moveWideAlias(w, false)]);
  f('mov', sf | 0x12800000, [R.d, moveWideAlias(w, true)]);
  f('mov', sf | 0x32000000 | RN31, [R.dSP, bitmaskImmediate(w)]);
}

// ---- add/sub (immediate): sf op S 100010 sh imm12 Rn Rd
for (const R of BOTH_WIDTHS) {
  // ADD and SUB differ only in bit 30, so a negative immediate is the other operation's positive one.
  for (const [name, bits, setsFlags, compare] of [
    ['add', 0x11000000, false, ''], ['adds', 0x31000000, true, 'cmn'], ['sub', 0x51000000, false, ''], ['subs', 0x71000000, true, 'cmp'],
  ] as const) {
    const base = R.sf | bits;
    const opposite = base ^ 0x40000000;
    if (compare !== '') {
      f(compare, base | RD31, [R.nSP, addSubImmediate]);
      f(compare, base | RD31, [R.nSP, unsignedImmediate(10, 12), addSubImmediateShift]);
      f(compare, opposite | RD31, [R.nSP, negatedAddSubImmediate]);
    }
    const rd = setsFlags ? R.d : R.dSP;
    f(name, base, [rd, R.nSP, addSubImmediate]);
    f(name, base, [rd, R.nSP, unsignedImmediate(10, 12), addSubImmediateShift]);
    f(name, opposite, [rd, R.nSP, negatedAddSubImmediate]);
    if (name === 'add') f(name, base, [rd, R.nSP, lo12AddImmediate]);
  }
}

// ---- logical (immediate): sf opc 100100 N immr imms Rn Rd
for (const R of BOTH_WIDTHS) {
  for (const [name, bits] of [['and', 0x12000000], ['orr', 0x32000000], ['eor', 0x52000000], ['ands', 0x72000000]] as const) {
    const base = R.sf | bits;
    if (name === 'ands') f('tst', base | RD31, [R.n, bitmaskImmediate(R.width)]);
    f(name, base, [name === 'ands' ? R.d : R.dSP, R.n, bitmaskImmediate(R.width)]);
  }
}

// ---- move wide: sf opc 100101 hw imm16 Rd
for (const R of BOTH_WIDTHS) {
  for (const [name, bits] of [['movn', 0x12800000], ['movz', 0x52800000], ['movk', 0x72800000]] as const) {
    f(name, R.sf | bits, [R.d, unsignedImmediate(5, 16)]);
    f(name, R.sf | bits, [R.d, unsignedImmediate(5, 16), moveWideShift(R.width)]);
  }
}

// ---- adr/adrp
f('adr', 0x10000000, [X64.d, adrTarget21]);
f('adrp', 0x90000000, [X64.d, adrpTarget21]);

// ---- bitfield: sf opc 100110 N immr imms Rn Rd (N = sf)
for (const R of BOTH_WIDTHS) {
  const w = R.width;
  const fieldBits = w === 64 ? 6 : 5;
  const n = w === 64 ? 1 << 22 : 0;
  const top = (w - 1) << 10;
  const sbfm = R.sf | 0x13000000 | n;
  const bfm = R.sf | 0x33000000 | n;
  const ubfm = R.sf | 0x53000000 | n;
  const shiftAmount = unsignedImmediate(16, fieldBits, 1, 'shift');
  f('asr', sbfm | top, [R.d, R.n, shiftAmount]);
  f('lsr', ubfm | top, [R.d, R.n, shiftAmount]);
  f('lsl', ubfm, [R.d, R.n, lslAmount(w)]);
  // sxtb/sxth/sxtw Rd, Wn and uxtb/uxth Wd, Wn: SBFM/UBFM with immr = 0 and imms = 7/15/31.
  f('sxtb', sbfm | (7 << 10), [R.d, W32.n]);
  f('sxth', sbfm | (15 << 10), [R.d, W32.n]);
  if (w === 64) f('sxtw', sbfm | (31 << 10), [R.d, W32.n]);
  else {
    f('uxtb', ubfm | (7 << 10), [R.d, W32.n]);
    f('uxth', ubfm | (15 << 10), [R.d, W32.n]);
  }
  for (const [extract, insert, bits] of [['sbfx', 'sbfiz', sbfm], ['bfxil', 'bfi', bfm], ['ubfx', 'ubfiz', ubfm]] as const) {
    f(extract, bits, [R.d, R.n, bitfieldLsb(w, false), bitfieldWidth(w, false)]);
    f(insert, bits, [R.d, R.n, bitfieldLsb(w, true), bitfieldWidth(w, true)]);
  }
  for (const [name, bits] of [['sbfm', sbfm], ['bfm', bfm], ['ubfm', ubfm]] as const) {
    f(name, bits, [R.d, R.n, unsignedImmediate(16, fieldBits, 1, 'immr'), unsignedImmediate(10, fieldBits, 1, 'imms')]);
  }
  // extr: sf 00 100111 N 0 Rm imms Rn Rd; ror #imm is EXTR with Rn = Rm.
  const extr = R.sf | 0x13800000 | n;
  f('ror', extr, [R.d, sameRegister(R.n, 16, 5), unsignedImmediate(10, fieldBits, 1, 'shift')]);
  f('extr', extr, [R.d, R.n, R.m, unsignedImmediate(10, fieldBits, 1, 'lsb')]);
}

// ---- data processing (2 source): sf 0 0 11010110 Rm opcode Rn Rd
for (const R of BOTH_WIDTHS) {
  for (const [name, alias, opcode] of [
    ['udiv', '', 0x0800], ['sdiv', '', 0x0c00], ['lslv', 'lsl', 0x2000], ['lsrv', 'lsr', 0x2400], ['asrv', 'asr', 0x2800], ['rorv', 'ror', 0x2c00],
  ] as const) {
    const bits = R.sf | 0x1ac00000 | opcode;
    if (alias !== '') f(alias, bits, [R.d, R.n, R.m]);
    f(name, bits, [R.d, R.n, R.m]);
  }
}

// ---- data processing (1 source): sf 1 0 11010110 00000 opcode Rn Rd
for (const R of BOTH_WIDTHS) {
  const ops: [string, number][] = [['rbit', 0x0000], ['rev16', 0x0400], ['clz', 0x1000], ['cls', 0x1400]];
  if (R.width === 32) ops.push(['rev', 0x0800]);
  else ops.push(['rev32', 0x0800], ['rev', 0x0c00]);
  for (const [name, opcode] of ops) f(name, R.sf | 0x5ac00000 | opcode, [R.d, R.n]);
}

// ---- data processing (3 source): sf 00 11011 op31 Rm o0 Ra Rn Rd
for (const R of BOTH_WIDTHS) {
  f('mul', R.sf | 0x1b000000 | RA31, [R.d, R.n, R.m]);
  f('madd', R.sf | 0x1b000000, [R.d, R.n, R.m, R.a]);
  f('mneg', R.sf | 0x1b008000 | RA31, [R.d, R.n, R.m]);
  f('msub', R.sf | 0x1b008000, [R.d, R.n, R.m, R.a]);
}
for (const [long, alias, bits] of [
  ['smaddl', 'smull', 0x9b200000], ['smsubl', 'smnegl', 0x9b208000], ['umaddl', 'umull', 0x9ba00000], ['umsubl', 'umnegl', 0x9ba08000],
] as const) {
  f(alias, bits | RA31, [X64.d, W32.n, W32.m]);
  f(long, bits, [X64.d, W32.n, W32.m, X64.a]);
}
f('smulh', 0x9b407c00, [X64.d, X64.n, X64.m]);
f('umulh', 0x9bc07c00, [X64.d, X64.n, X64.m]);

// ---- conditional select: sf op S 11010100 Rm cond op2 Rn Rd
for (const R of BOTH_WIDTHS) {
  for (const [name, setAlias, incAlias, bits] of [
    ['csel', '', '', 0x1a800000], ['csinc', 'cset', 'cinc', 0x1a800400], ['csinv', 'csetm', 'cinv', 0x5a800000], ['csneg', '', 'cneg', 0x5a800400],
  ] as const) {
    const base = R.sf | bits;
    if (setAlias !== '') f(setAlias, base | RN31 | RM31, [R.d, invertedCondition]);
    if (incAlias !== '') f(incAlias, base, [R.d, sameRegister(R.n, 16, 5), invertedCondition]);
    f(name, base, [R.d, R.n, R.m, condition(12)]);
  }
}

// ---- conditional compare: sf op 1 11010010 imm5/Rm cond 1/0 0 Rn 0 nzcv
for (const R of BOTH_WIDTHS) {
  for (const [name, bits] of [['ccmn', 0x3a400000], ['ccmp', 0x7a400000]] as const) {
    f(name, R.sf | bits | 0x800, [R.n, unsignedImmediate(16, 5), unsignedImmediate(0, 4, 1, 'nzcv'), condition(12)]);
    f(name, R.sf | bits, [R.n, R.m, unsignedImmediate(0, 4, 1, 'nzcv'), condition(12)]);
  }
}

// ---- add/sub (shifted register): sf op S 01011 shift 0 Rm imm6 Rn Rd
for (const R of BOTH_WIDTHS) {
  const shift = registerShift(R.width, false);
  for (const [name, bits, negate, compare] of [
    ['add', 0x0b000000, '', ''], ['adds', 0x2b000000, '', 'cmn'], ['sub', 0x4b000000, 'neg', ''], ['subs', 0x6b000000, 'negs', 'cmp'],
  ] as const) {
    const base = R.sf | bits;
    if (compare !== '') {
      f(compare, base | RD31, [R.n, R.m]);
      f(compare, base | RD31, [R.n, R.m, shift]);
    }
    if (negate !== '') {
      f(negate, base | RN31, [R.d, R.m]);
      f(negate, base | RN31, [R.d, R.m, shift]);
    }
    f(name, base, [R.d, R.n, R.m]);
    f(name, base, [R.d, R.n, R.m, shift]);
  }
}

// ---- add/sub (extended register): sf op S 01011 00 1 Rm option imm3 Rn Rd
// Without an extend the form exists only with sp as Rd or Rn (otherwise the text means shifted register):
// it is then UXTX (64-bit) or UXTW (32-bit), the Arm ARM's LSL-equivalent extend.
for (const R of BOTH_WIDTHS) {
  const plainOption = R.width === 64 ? 3 << 13 : 2 << 13;
  const extendW = registerExtend(R.width === 64 ? 'w' : 'w32');
  for (const [name, bits, compare] of [
    ['add', 0x0b200000, ''], ['adds', 0x2b200000, 'cmn'], ['sub', 0x4b200000, ''], ['subs', 0x6b200000, 'cmp'],
  ] as const) {
    const base = R.sf | bits;
    const setsFlags = name.endsWith('s');
    if (compare !== '') {
      f(compare, base | RD31 | plainOption, [R.nSPOnly, R.m]);
      f(compare, base | RD31, [R.nSP, W32.m, extendW]);
      if (R.width === 64) f(compare, base | RD31, [R.nSP, X64.m, registerExtend('x')]);
    }
    if (!setsFlags) f(name, base | plainOption, [R.dSPOnly, R.nSP, R.m]);
    f(name, base | plainOption, [setsFlags ? R.d : R.dSP, R.nSPOnly, R.m]);
    f(name, base, [setsFlags ? R.d : R.dSP, R.nSP, W32.m, extendW]);
    if (R.width === 64) f(name, base, [setsFlags ? R.d : R.dSP, R.nSP, X64.m, registerExtend('x')]);
  }
}

// ---- logical (shifted register): sf opc 01010 shift N Rm imm6 Rn Rd
for (const R of BOTH_WIDTHS) {
  const shift = registerShift(R.width, true);
  for (const [name, bits] of [
    ['and', 0x0a000000], ['bic', 0x0a200000], ['orr', 0x2a000000], ['orn', 0x2a200000],
    ['eor', 0x4a000000], ['eon', 0x4a200000], ['ands', 0x6a000000], ['bics', 0x6a200000],
  ] as const) {
    const base = R.sf | bits;
    if (name === 'orn') {
      f('mvn', base | RN31, [R.d, R.m]);
      f('mvn', base | RN31, [R.d, R.m, shift]);
    }
    if (name === 'ands') {
      f('tst', base | RD31, [R.n, R.m]);
      f('tst', base | RD31, [R.n, R.m, shift]);
    }
    f(name, base, [R.d, R.n, R.m]);
    f(name, base, [R.d, R.n, R.m, shift]);
  }
}

// ---- add/subtract with carry: sf op S 11010000 Rm 000000 Rn Rd
for (const R of BOTH_WIDTHS) {
  for (const [name, bits] of [['adc', 0x1a000000], ['adcs', 0x3a000000], ['sbc', 0x5a000000], ['sbcs', 0x7a000000]] as const) {
    f(name, R.sf | bits, [R.d, R.n, R.m]);
  }
}


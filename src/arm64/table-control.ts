import { makeForm, type Form, type Slot } from './form.ts';
import { conditionNames, dataCacheOperations, instructionCacheOperations, namedOperand } from './operands.ts';
import { barrierOption, isbOption, keyword, systemRegister, target14, target19, target26, unsignedImmediate } from './slots.ts';
import { W32, X64 } from './table-registers.ts';
import * as C from './operand-classes.ts';

/** Branches, exception generation and system instructions (Arm ARM C4.1.1 "Branches, Exception Generating and System"). */
export const controlForms: Form[] = [];
const f = (mnemonic: string, bits: number, slots: Slot[]) => controlForms.push(makeForm(mnemonic, bits, slots));

f('b', 0x14000000, [target26]);
f('bl', 0x94000000, [target26]);
// B.cond: 0101010 0 imm19 0 cond. Each condition is its own mnemonic (b.eq ...), as assemblers spell it.
for (let code = 0; code < 16; code++) f(`b.${conditionNames[code]}`, 0x54000000 | code, [target19]);
f('b.cs', 0x54000002, [target19]);
f('b.cc', 0x54000003, [target19]);

for (const R of [W32, X64]) {
  f('cbz', R.sf | 0x34000000, [R.t, target19]);
  f('cbnz', R.sf | 0x35000000, [R.t, target19]);
}
// TBZ/TBNZ: b5 op 011011 b40 imm14 Rt. A bit number below 32 is written with a W register (b5 = 0).
f('tbz', 0x36000000, [W32.t, unsignedImmediate(19, 5, 1, 'bit'), target14]);
f('tbnz', 0x37000000, [W32.t, unsignedImmediate(19, 5, 1, 'bit'), target14]);
const bit6: Slot = {
  accepts: C.IMM,
  fieldMask: (1 << 31) | (31 << 19),
  syntax: '#<bit>',
  requirement: 'a bit number 0..63',
  // b5 is bit 31, so the field is returned unsigned (still >= 0, as the encoder requires).
  encode: (operand: unknown) => (typeof operand !== 'number' || !Number.isInteger(operand) || operand < 0 || operand > 63 ? -1 : (((operand >> 5) << 31) | ((operand & 31) << 19)) >>> 0),
  decode: (word) => ((word >>> 31) << 5) | ((word >>> 19) & 31),
};
f('tbz', 0x36000000, [X64.t, bit6, target14]);
f('tbnz', 0x37000000, [X64.t, bit6, target14]);

// BR/BLR/RET: 1101011 0 0 op 11111 000000 Rn 00000; RET with no operand returns through x30.
f('br', 0xd61f0000, [X64.n]);
f('blr', 0xd63f0000, [X64.n]);
f('ret', 0xd65f03c0, []);
f('ret', 0xd65f0000, [X64.n]);

// Exception generation: 11010100 opc imm16 op2 LL
f('svc', 0xd4000001, [unsignedImmediate(5, 16)]);
f('brk', 0xd4200000, [unsignedImmediate(5, 16)]);
f('hlt', 0xd4400000, [unsignedImmediate(5, 16)]);

// Hints and barriers: NOP is HINT #0; ISB with no option is ISB SY (CRm = 15).
f('nop', 0xd503201f, []);
f('yield', 0xd503203f, []);
f('dmb', 0xd50330bf, [barrierOption]);
f('dsb', 0xd503309f, [barrierOption]);
f('isb', 0xd5033fdf, []);
f('isb', 0xd50330df, [isbOption]);

// DC/IC are SYS #op1, Cn, Cm, #op2, Xt with the operation named (op1:CRn:CRm:op2 at bits 5..18).
for (const [name, value] of Object.entries(dataCacheOperations)) f('dc', 0xd5080000 | (value << 5), [keyword(namedOperand(name)!), X64.t]);
for (const [name, value] of Object.entries(instructionCacheOperations)) f('ic', 0xd5080000 | (value << 5), [keyword(namedOperand(name)!), X64.t]);

// MRS Xt, sysreg: 1101010100 1 1 o0 op1 CRn CRm op2 Rt; MSR sysreg, Xt has L = 0.
f('mrs', 0xd5300000, [X64.t, systemRegister]);
f('msr', 0xd5100000, [systemRegister, X64.t]);

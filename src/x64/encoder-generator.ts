import { Encoding } from './form.ts';
import type { Form } from './form.ts';
import { FORMS_BY_MNEMONIC, MNEMONICS, NEAR_BRANCH, SHORT_BRANCH } from './instruction-set.ts';
import { DIRECT_RESERVE } from './direct-encoding.ts';
import { ImmClass, Kind, MEM_KINDS } from './operand-kind.ts';
import { specOf } from './table-expand.ts';

/**
 * Renders the bodies of the fluent methods in src/x64/assembler-methods.generated.ts: per mnemonic, the
 * mnemonic's forms tried in table order (the generic matcher's first-fit rule) with each form's
 * operand-kind masks as constants, and the matched form encoded inline with its prefix, opcode,
 * REX/VEX/EVEX fields and EVEX disp8*N scale baked in. Why: the generic path reads ~30 Form fields and
 * branches on each per instruction, and its one shared call site sees every operand shape of every
 * mnemonic; a method per mnemonic keeps each operand property load monomorphic and leaves only the
 * register numbers and the memory operand's precomputed address bytes to read.
 *
 * The generated code decides only what it can decide exactly. A form it does not specialise (branches,
 * gathers, moffs, static rounding, two immediates, byte registers, 64-bit immediates) or an operand it does not
 * take directly (a bigint, a label, segment or mask on memory, a broadcast, a VEX register move that
 * would swap direction) hands the whole instruction to the generic encoder, which then makes the same
 * choice the table order dictates and raises the usual errors. Used by method-signatures.ts.
 */

/** Operand kinds of the registers that can carry a write mask (Register.k): vector and opmask registers. */
const MASKABLE_KINDS = Kind.XMM | Kind.XMM_HI | Kind.XMM0 | Kind.YMM | Kind.YMM_HI | Kind.ZMM | Kind.K;
const BROADCAST_KINDS = Kind.B32 | Kind.B64;

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** True when the form is encoded inline (once its operand kinds and immediate matched). */
function isSpecialised(form: Form): boolean {
  if (form.relOp >= 0 || form.vsibOp >= 0 || form.moffsOp >= 0 || form.roundingOp >= 0 || form.imm2Op >= 0 || form.hasByteRegister) return false;
  if (form.is4Op >= 0) return true;
  if (form.immSize === 0) return true;
  return form.immSize !== 8 && form.immOp >= 0 && form.immOp === form.immCheckOp;
}

/** Inline range test for an immediate class, covering the int32 part of its range; the rest goes to `immediateFits`. */
function immediateTest(operand: string, immClass: number): string {
  const range = (low: number, high: number): string =>
    `(typeof ${operand} === 'number' && (${operand} | 0) === ${operand} && ${operand} >= ${low} && ${operand} <= ${high})`;
  switch (immClass) {
    case ImmClass.ONE:
      return `${operand} === 1`;
    case ImmClass.U8:
      return range(-128, 255);
    case ImmClass.SX8_16:
    case ImmClass.SX8_32:
    case ImmClass.SX8_64:
      return `(${range(-128, 127)} || immediateFits(${operand}, ${immClass}))`;
    case ImmClass.U16:
      return range(-32768, 65535);
    default:
      return `(${range(-2147483648, 2147483647)} || immediateFits(${operand}, ${immClass}))`;
  }
}

/*
 * Index arithmetic on the write position `p` is written `(p + n) | 0`: the truncation lets TurboFan add
 * as plain 32-bit integers instead of speculating on small integers with an overflow check per byte
 * (the typed-array bounds check still guards every store).
 */
function at(offset: number): string {
  return offset === 0 ? 'p' : `(p + ${offset}) | 0`;
}

function advance(count: number): string {
  return `p = (p + ${count}) | 0;`;
}

/** Stores one byte at `p` and moves past it. */
function push(value: string): string {
  return `d[p] = ${value}; ${advance(1)}`;
}

function writeBytes(lines: string[], indent: string, packed: number, count: number): void {
  for (let i = 0; i < count; i++) lines.push(`${indent}d[${at(i)}] = ${hex((packed >>> (8 * i)) & 0xff)};`);
  if (count > 0) lines.push(`${indent}${advance(count)}`);
}

function writeImmediate(lines: string[], indent: string, form: Form, o: (index: number) => string): void {
  if (form.is4Op >= 0) {
    lines.push(`${indent}${push(`${o(form.is4Op)}.id << 4`)}`);
    return;
  }
  if (form.immSize === 0) return;
  const value = o(form.immOp);
  lines.push(`${indent}const imm = ${value} as number;`);
  lines.push(`${indent}d[p] = imm;`);
  if (form.immSize >= 2) lines.push(`${indent}d[${at(1)}] = imm >> 8;`);
  if (form.immSize === 4) lines.push(`${indent}d[${at(2)}] = imm >> 16;`, `${indent}d[${at(3)}] = imm >> 24;`);
  lines.push(`${indent}${advance(form.immSize)}`);
}

/**
 * The encoding of one form, for each shape of its rm operand. `memory` is true for the memory-operand
 * branch. Mirrors encoder.ts (encodeLegacy / encodeVex / encodeEvex) for the forms it covers.
 */
function encodeBody(form: Form, memory: boolean, o: (index: number) => string, indent: string, lines: string[], bail: string): void {
  const reg = form.regOp >= 0 ? `${o(form.regOp)}.id` : form.modrmDigit >= 0 ? String(form.modrmDigit) : '0';
  const hasRm = form.rmOp >= 0;
  const rm = hasRm ? o(form.rmOp) : '';
  if (memory) lines.push(`${indent}const m = ${rm} as Memory;`, `${indent}if (m.direct !== true) ${bail}`);
  lines.push(`${indent}const reg = ${reg};`);
  if (hasRm && !memory) lines.push(`${indent}const rm = ${rm}.id;`);
  if (form.encoding !== Encoding.LEGACY) lines.push(`${indent}const vvvv = ${form.vvvvOp >= 0 ? `${o(form.vvvvOp)}.id` : '0'};`);
  if (form.encoding === Encoding.EVEX) lines.push(`${indent}const decoration = ${o(0)}.decoration;`);
  lines.push(`${indent}let p = buffer.length;`);
  lines.push(`${indent}const d = buffer.data;`);
  const address = (scale: number): string => {
    if (form.fixedModrm >= 0) return push(hex(form.fixedModrm));
    if (memory) return scale === 1 ? 'p = writeMemoryOperand(d, p, (reg & 7) << 3, m);' : `p = writeScaledMemoryOperand(d, p, (reg & 7) << 3, m, ${scale});`;
    if (hasRm) return push('0xc0 | ((reg & 7) << 3) | (rm & 7)');
    return '';
  };
  if (form.encoding === Encoding.LEGACY) {
    writeBytes(lines, indent, form.prefixBytes, form.prefixCount);
    const parts = [form.w !== 0 ? '8' : '', '((reg >> 1) & 4)'];
    if (form.opcodeRegOp >= 0) parts.push(`((${o(form.opcodeRegOp)}.id >> 3) & 1)`);
    if (memory) parts.push('m.rexXB');
    else if (hasRm) parts.push('((rm >> 3) & 1)');
    if (form.w !== 0) {
      lines.push(`${indent}${push(`0x40 | ${parts.filter((part) => part !== '').join(' | ')}`)}`);
    } else {
      lines.push(`${indent}const rex = ${parts.filter((part) => part !== '').join(' | ')};`);
      lines.push(`${indent}if (rex !== 0) { ${push('0x40 | rex')} }`);
    }
    const count = form.opcodeCount;
    for (let i = 0; i < count; i++) {
      const byte = hex((form.opcodeBytes >>> (8 * i)) & 0xff);
      // `+r` forms add the register to the last opcode byte
      const value = i === count - 1 && form.opcodeRegOp >= 0 ? `${byte} | (${o(form.opcodeRegOp)}.id & 7)` : byte;
      lines.push(`${indent}d[${at(i)}] = ${value};`);
    }
    lines.push(`${indent}${advance(count)}`);
    const write = address(1);
    if (write !== '') lines.push(`${indent}${write}`);
  } else if (form.encoding === Encoding.VEX) {
    const x = memory ? '(m.rexXB >> 1)' : '0';
    const b = memory ? '(m.rexXB & 1)' : hasRm ? '((rm >> 3) & 1)' : '0';
    if (form.swappedOpcode >= 0 && !memory && hasRm) {
      // the generic encoder swaps to the store-direction opcode here so the 2-byte VEX prefix fits
      lines.push(`${indent}if ((rm & 8) !== 0 && reg < 8) ${bail}`);
    }
    const tail = `((~vvvv & 15) << 3) | ${hex((form.vectorLength << 2) | form.pp)}`;
    const r1 = '((~reg & 8) << 4)';
    if (form.w === 0 && form.map === 1) {
      lines.push(`${indent}if ((${x} | ${b}) === 0) {`);
      lines.push(`${indent}  d[p] = 0xc5;`, `${indent}  d[${at(1)}] = ${r1} | ${tail};`, `${indent}  ${advance(2)}`);
      lines.push(`${indent}} else {`);
      lines.push(`${indent}  d[p] = 0xc4;`, `${indent}  d[${at(1)}] = ${r1} | ((${x} ^ 1) << 6) | ((${b} ^ 1) << 5) | ${form.map};`);
      lines.push(`${indent}  d[${at(2)}] = ${tail};`, `${indent}  ${advance(3)}`, `${indent}}`);
    } else {
      lines.push(`${indent}d[p] = 0xc4;`, `${indent}d[${at(1)}] = ${r1} | ((${x} ^ 1) << 6) | ((${b} ^ 1) << 5) | ${form.map};`);
      lines.push(`${indent}d[${at(2)}] = ${hex(form.w << 7)} | ${tail};`, `${indent}${advance(3)}`);
    }
    lines.push(`${indent}${push(hex(form.opcode))}`);
    const write = address(1);
    if (write !== '') lines.push(`${indent}${write}`);
  } else {
    // EVEX: P0 = R X B R' 0 0 m m, P1 = W vvvv 1 pp, P2 = z L'L b V' aaa (R, X, B, R', vvvv, V' inverted)
    const x = memory ? '(m.rexXB >> 1)' : hasRm ? '((rm >> 4) & 1)' : '0';
    const b = memory ? '(m.rexXB & 1)' : hasRm ? '((rm >> 3) & 1)' : '0';
    lines.push(`${indent}d[p] = 0x62;`);
    lines.push(`${indent}d[${at(1)}] = ((~reg & 8) << 4) | ((${x} ^ 1) << 6) | ((${b} ^ 1) << 5) | ((~reg & 16)) | ${form.map};`);
    lines.push(`${indent}d[${at(2)}] = ${hex((form.w << 7) | 4 | form.pp)} | ((~vvvv & 15) << 3);`);
    lines.push(`${indent}d[${at(3)}] = ((decoration >> 3) << 7) | ${hex(form.vectorLength << 5)} | ((~vvvv & 16) >> 1) | (decoration & 7);`);
    lines.push(`${indent}d[${at(4)}] = ${hex(form.opcode)};`, `${indent}${advance(5)}`);
    const write = address(memory ? form.disp8Scale : 1);
    if (write !== '') lines.push(`${indent}${write}`);
  }
  writeImmediate(lines, `${indent}`, form, o);
  lines.push(`${indent}buffer.length = p;`);
}

/**
 * The operand-kind bits of operand slot `slot`, as the generic matcher computes them for the operands
 * this mnemonic can take. Registers and memory operands carry `kind`, at the same offset in both classes,
 * so the load is one map test and one load, and the later loads of `id`, `decoration` or the address
 * bytes from the same operand need no second test; a number is an immediate and `undefined` an absent
 * operand, tested only where some form takes one. The load is not guarded against null or undefined:
 * it runs inside a try whose catch hands the instruction to the generic matcher (see renderMethodBody).
 * A bigint or a value without `kind` yields 0 (or undefined, which ANDs to 0), bits no specialised form
 * accepts, so it reaches the generic matcher too, which decides or raises E_OPERANDS. Slots that take a
 * branch target test `typeof` first: a Label carries no `kind`.
 */
function kindExpression(forms: readonly Form[], slot: number): string {
  const o = `o${slot}`;
  const takes = (bits: number): boolean => forms.some((form) => slot < form.count && (specOf(form, slot) & bits) !== 0);
  if (takes(Kind.REL)) {
    return `typeof ${o} === 'object' && ${o} !== null ? (${o}.kind ?? 0) : typeof ${o} === 'number' ? ${hex(Kind.IMM)} : ${o} === undefined ? ${hex(Kind.NONE)} : 0`;
  }
  let expression = `${o}.kind`;
  if (takes(Kind.IMM)) expression = `typeof ${o} === 'number' ? ${hex(Kind.IMM)} : typeof ${o} === 'bigint' ? 0 : ${expression}`;
  // an optional trailing operand is most often absent: test that first
  if (forms.some((form) => slot >= form.count)) expression = `${o} === undefined ? ${hex(Kind.NONE)} : ${expression}`;
  return expression;
}

/**
 * The body of the fluent method for mnemonic `id` (parameters `o0` … `o{n-1}`, `this` the assembler):
 * the specialised encoder. The method is the encoder, so a fluent call is one call; a separate encoder
 * function would add a second frame, its argument pushes and, for an imported binding, a hole check.
 */
export function renderMethodBody(id: number, indent: string): string[] {
  const lines: string[] = [];
  const forms = FORMS_BY_MNEMONIC[id]!;
  const maxCount = Math.max(...forms.map((form) => form.count));
  const o = (index: number): string => `o${index}`;
  const operands = Array.from({ length: maxCount }, (_, slot) => `, o${slot}`).join('');
  const bail = `return this.encodeGeneric(${id}${operands});`;
  const short = SHORT_BRANCH[id];
  const near = NEAR_BRANCH[id];
  if (short !== undefined && near !== undefined) {
    // jmp/jcc to a label: laid out (rel8 or rel32) at finalize, whichever form is matched first
    const nearSize = (near.map === 1 ? 2 : 1) + near.relSize;
    const oneByte = short.map === 0 && short.opcodeCount === 1 && short.prefixCount === 0 && short.relSize === 1;
    const second = maxCount > 1 ? ' && o1 === undefined' : '';
    lines.push(
      oneByte
        ? `  if (o0 instanceof Label${second}) return this.branchToLabel(o0, ${short.id}, ${near.id}, ${hex(short.opcode)}, ${nearSize});`
        : `  if (o0 instanceof Label${second}) return this.put(FORMS[${short.id}]!, o0);`,
    );
  }
  // `!== true` is one pointer comparison; `!this.directEncoding` would be a full ToBoolean in TurboFan
  lines.push(`  if (this.directEncoding !== true) ${bail}`);
  if (forms.some((form) => !form.maskRequired && isSpecialised(form))) {
    // Room for one instruction, made before any operand is read: as far as the optimizer knows the
    // reserve call may change any object, so operand loads after it would test their maps again.
    // The constant is written out: an imported binding is a module cell, hole-checked on every use.
    lines.push('  const buffer = this.buffer;');
    lines.push(`  if (buffer.length + ${DIRECT_RESERVE} > buffer.capacity) buffer.reserve(${DIRECT_RESERVE});`);
  }
  if (maxCount > 0) {
    // A property load on null or undefined throws: such an operand (a JS caller's mistake) goes to the
    // generic matcher, which raises E_OPERANDS. The try costs nothing while nothing throws.
    lines.push(`  let ${Array.from({ length: maxCount }, (_, slot) => `k${slot}: number`).join(', ')};`);
    lines.push('  try {');
    for (let slot = 0; slot < maxCount; slot++) lines.push(`    k${slot} = ${kindExpression(forms, slot)};`);
    lines.push('  } catch {');
    lines.push(`    ${bail}`);
    lines.push('  }');
  }
  forms.forEach((form, index) => {
    const label = `f${index}`;
    const conditions: string[] = [];
    for (let slot = 0; slot < maxCount; slot++) {
      const spec = slot < form.count ? specOf(form, slot) : Kind.NONE;
      conditions.push(`(k${slot} & ${hex(spec)}) !== 0`);
    }
    lines.push(`  ${label}: if (${conditions.length === 0 ? 'true' : conditions.join(' && ')}) {`);
    // masking on the destination: the generic matcher's acceptance rule. Only vector and opmask registers
    // can carry a mask (Register.k); a masked memory operand is not `direct`, so it reaches the generic
    // encoder from the memory branch below.
    if (form.count > 0 && (form.spec0 & MASKABLE_KINDS) !== 0) {
      const decorated = `(k0 & ${hex(MASKABLE_KINDS)}) !== 0`;
      if (form.maskMode === 0) lines.push(`    if (${decorated} && o0.decoration !== 0) break ${label};`);
      else if (form.maskMode === 1) lines.push(`    if (${decorated} && o0.decoration > 7) break ${label};`);
    }
    if (form.maskRequired || !isSpecialised(form)) {
      lines.push(`    ${bail}`);
      lines.push('  }');
      return;
    }
    if (form.broadcastElement !== 0) {
      const slots = [0, 1, 2, 3].filter((slot) => slot < form.count && (specOf(form, slot) & BROADCAST_KINDS) !== 0);
      lines.push(`    if (${slots.map((slot) => `(k${slot} & ${hex(BROADCAST_KINDS)}) !== 0`).join(' || ')}) ${bail}`);
    }
    if (form.immCheckOp >= 0) lines.push(`    if (!(${immediateTest(o(form.immCheckOp), form.immClass)})) break ${label};`);
    const rmSpec = form.rmOp >= 0 ? specOf(form, form.rmOp) : 0;
    const takesMemory = (rmSpec & MEM_KINDS) !== 0;
    const takesRegister = form.rmOp >= 0 && (rmSpec & ~MEM_KINDS) !== 0;
    if (takesMemory && takesRegister) {
      lines.push(`    if ((k${form.rmOp} & ${hex(MEM_KINDS)}) !== 0) {`);
      encodeBody(form, true, o, '      ', lines, bail);
      lines.push('    } else {');
      encodeBody(form, false, o, '      ', lines, bail);
      lines.push('    }');
    } else {
      encodeBody(form, takesMemory, o, '    ', lines, bail);
    }
    lines.push('    return this;');
    lines.push('  }');
  });
  lines.push(`  ${bail}`);
  return lines.map((line) => indent + line);
}

/** The value imports the method bodies use (Label for branch targets, the shared memory-operand writers). */
export function methodBodyImports(): string[] {
  const usesForms = MNEMONICS.some((_, id) => renderMethodBody(id, '').some((line) => line.includes('FORMS[')));
  return [
    "import { Label } from '../asm/label.ts';",
    "import { writeMemoryOperand, writeScaledMemoryOperand } from './direct-encoding.ts';",
    ...(usesForms ? ["import { FORMS } from './instruction-set.ts';"] : []),
    "import { immediateFits } from './operand-kind.ts';",
  ];
}

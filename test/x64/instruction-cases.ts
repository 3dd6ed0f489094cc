import { Encoding } from '../../src/x64/form.ts';
import type { Form } from '../../src/x64/form.ts';
import { FORMS, Memory, fs, gs, GP8, GP8_HIGH, GP16, GP32, GP64, KREGS, XMM, YMM, ZMM, rip } from '../../src/x64/index.ts';
import type { MemorySize, Operand, Register, IndexRegister, Scale } from '../../src/x64/index.ts';
import { ImmClass, Kind } from '../../src/x64/operand-kind.ts';
import { rdSae, rnSae, RoundingClass, ruSae, rzSae, sae } from '../../src/x64/rounding.ts';
import { specOf } from '../../src/x64/table-expand.ts';

/** One instruction to check: the structured call and the same instruction as Intel text. */
export interface InstructionCase {
  readonly form: Form;
  readonly mnemonic: string;
  readonly operands: readonly Operand[];
}

const pickIds = <T>(list: readonly T[], ids: readonly number[]): T[] => ids.map((id) => list[id]!);

// every register class, with the extended (r8+), REX-only byte and high-byte registers, and the
// registers that need special ModRM handling (rsp/r12: SIB; rbp/r13: disp8)
const R8 = [...pickIds(GP8, [0, 1, 3, 4, 5, 6, 7, 8, 12, 15]), GP8_HIGH[0]!, GP8_HIGH[3]!];
const R16 = pickIds(GP16, [0, 1, 4, 5, 7, 8, 12, 15]);
const R32 = pickIds(GP32, [0, 1, 2, 4, 5, 6, 7, 8, 12, 13, 15]);
const R64 = pickIds(GP64, [0, 1, 3, 4, 5, 6, 8, 11, 12, 13, 15]);
const VEC_IDS = [0, 1, 7, 8, 9, 15];
const VEC_HI_IDS = [16, 23, 31];
const K = pickIds(KREGS, [0, 1, 5, 7]);

const base = (id: number): Register => GP64[id]!;
type Shape = { base?: number | 'rip'; index?: number; scale?: Scale; disp?: number; segment?: 'fs' | 'gs' };

// memory shapes: plain bases, SIB bases (rsp, r12), disp8-forcing bases (rbp, r13), index-only,
// absolute, RIP-relative, segment overrides, disp8/disp32 boundaries
const MEMORY_SHAPES: Shape[] = [
  { base: 0 }, { base: 1, disp: 8 }, { base: 4 }, { base: 4, disp: 8 }, { base: 5 }, { base: 5, disp: -8 },
  { base: 12 }, { base: 12, disp: 0x80 }, { base: 13 }, { base: 13, disp: 127 }, { base: 0, disp: 128 },
  { base: 0, disp: -128 }, { base: 0, disp: -129 }, { base: 0, index: 1, scale: 4 },
  { base: 0, index: 1, scale: 8, disp: 0x12345678 }, { base: 4, index: 12, scale: 2, disp: -4 },
  { base: 13, index: 14, scale: 1 }, { index: 1, scale: 4, disp: 8 }, { index: 13, scale: 8 }, { disp: 0x1000 },
  { base: 'rip', disp: 16 }, { base: 'rip', disp: -0x1000 }, { base: 0, segment: 'fs' }, { disp: 0x28, segment: 'gs' },
  { base: 15, index: 0, scale: 1, disp: 0x7fffffff }, { base: 0, disp: -0x80000000 }, { base: 5, index: 5, scale: 2 },
];

function memory(size: MemorySize, shape: Shape, broadcast = 0): Memory {
  return new Memory(
    size,
    shape.base === 'rip' ? rip : shape.base === undefined ? null : (base(shape.base) as never),
    shape.index === undefined ? null : (GP64[shape.index]! as IndexRegister),
    shape.scale ?? 1,
    shape.disp ?? 0,
    null,
    shape.segment === 'fs' ? fs : shape.segment === 'gs' ? gs : null,
    broadcast,
  );
}

function memoryShapes(form: Form): Shape[] {
  // llvm-mc's Intel parser reads `jmp/call qword ptr [4096]` as a branch to the absolute address 4096,
  // so the absolute-address shape cannot be expressed to it for indirect branches
  if (form.mnemonic === 'jmp' || form.mnemonic === 'call') return MEMORY_SHAPES.filter((shape) => shape.base !== undefined || shape.index !== undefined);
  if (form.encoding !== Encoding.EVEX) return MEMORY_SHAPES;
  // compressed disp8*N: the boundaries move with N
  const n = form.disp8Scale;
  const b = form.broadcastElement;
  const extra: Shape[] = [
    { base: 0, disp: 127 * n }, { base: 0, disp: 128 * n }, { base: 0, disp: -128 * n }, { base: 0, disp: -129 * n },
    { base: 1, disp: n }, { base: 1, disp: n + 1 }, { base: 13, disp: 2 * n },
  ];
  if (b !== 0) extra.push({ base: 0, disp: b }, { base: 0, disp: 127 * b });
  return [...MEMORY_SHAPES, ...extra];
}

const MEMORY_BITS: Array<[number, MemorySize]> = [
  [Kind.M8, 1], [Kind.M16, 2], [Kind.M32, 4], [Kind.M64, 8], [Kind.M128, 16], [Kind.M256, 32], [Kind.M512, 64],
];

const IMMEDIATES: Record<number, Array<number | bigint>> = {
  [ImmClass.ONE]: [1],
  [ImmClass.U8]: [0, 1, 5, 127, 128, 255, -1, -128],
  [ImmClass.SX8_16]: [0, 127, -128, 128, -129, 0xff80, 0xffff, 0x7fff],
  [ImmClass.SX8_32]: [0, 127, -128, 128, -129, 0xffffff80, 0xffffffff, 0x7fffffff],
  [ImmClass.SX8_64]: [0, 127, -128, 128, -129, 0x7fffffff, -0x80000000],
  [ImmClass.U16]: [0, 1, 0x7fff, 0xffff, -32768, 0x1234],
  [ImmClass.U32]: [0, 1, 0x7fffffff, 0xffffffff, -0x80000000, 0x12345678],
  [ImmClass.SX32_64]: [0, 1, 0x7fffffff, -0x80000000, -1, 0x12345678],
  [ImmClass.U64]: [0, 0x7fffffff, 0x80000000, 0x123456789abcdef0n, -1n, 0xfedcba9876543210n, 0x100000000n],
};

/**
 * Vector-indexed (VSIB) memory for gathers and scatters: the index width the form names, low, extended
 * (REX/VEX.X) and, for EVEX, upper-16 (EVEX.V') index registers incl. xmm4 (SIB.index 100, which means
 * "no index" only for GP registers), no base, rbp/r13/rsp bases, disp8*N boundaries; stated size and unsized.
 */
function vsibSamples(form: Form): Memory[] {
  const vectors = [XMM, YMM, ZMM][(form.vsib & 3) - 1]!;
  const size = (form.vsib >> 3) as MemorySize;
  const n = form.disp8Scale;
  const evex = form.encoding === Encoding.EVEX;
  type VsibShape = { base: number | null; index: number; scale: Scale; disp: number };
  const shapes: VsibShape[] = [
    { base: 0, index: 1, scale: 4, disp: 0 }, { base: 0, index: 4, scale: 8, disp: 8 }, { base: 13, index: 9, scale: 1, disp: 0 },
    { base: 5, index: 15, scale: 2, disp: -8 }, { base: 4, index: 2, scale: 4, disp: 127 * n }, { base: 12, index: 3, scale: 8, disp: 128 * n },
    { base: null, index: 7, scale: 4, disp: 64 }, { base: 0, index: 2, scale: 4, disp: n + 1 },
    ...(evex ? ([{ base: 0, index: 16, scale: 4, disp: -128 * n }, { base: 15, index: 31, scale: 8, disp: 0 }] as VsibShape[]) : []),
    // VEX cannot reach xmm16-31 as an index: llvm-mc rejects it, and so must jitkit
    ...(!evex ? ([{ base: 0, index: 17, scale: 4, disp: 0 }] as VsibShape[]) : []),
  ];
  const out: Memory[] = [];
  for (const shape of shapes) {
    for (const stated of [size, 0 as MemorySize]) {
      out.push(new Memory(stated, shape.base === null ? null : (GP64[shape.base]! as never), vectors[shape.index]! as IndexRegister, shape.scale, shape.disp, null, null, 0));
    }
  }
  return out;
}

/**
 * 64-bit absolute addresses for the moffs forms (movabs al/ax/eax/rax, A0-A3): above and below the 32-bit
 * boundaries (so a disp32 could not stand in), the top bit set, stated size and unsized, fs and gs.
 * The 64-bit forms leave out the segments: for `movabs rax, qword ptr fs:[…]` llvm-mc 14 writes the REX
 * prefix before the segment override (48 64 a1), where REX is ignored and the load is 32-bit; jitkit
 * writes 64 48 a1, and test/x64/moffs.test.ts checks both against llvm-mc's disassembler instead.
 */
function moffsSamples(form: Form): Memory[] {
  const size = (form.vsib >> 3) as MemorySize;
  const addresses = [0x1122334455667788n, 0n, 0x10n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x8000000000000000n, 0xffffffffffffffffn];
  const out = addresses.map((address) => new Memory(size, null, null, 1, 0, null, null, 0, 0, address));
  out.push(new Memory(0, null, null, 1, 0, null, null, 0, 0, 0x1122334455667788n), new Memory(0, null, null, 1, 0, null, null, 0, 0, 0x28n));
  if (form.w === 0) {
    out.push(new Memory(size, null, null, 1, 0, null, fs, 0, 0, 0x28n), new Memory(size, null, null, 1, 0, null, gs, 0, 0, 0x1122334455667788n));
  }
  return out;
}

/** Sample operands for slot `index` of `form`, the first being the default used while other slots vary. */
function samples(form: Form, index: number): Operand[] {
  const spec = specOf(form, index);
  const evex = form.encoding === Encoding.EVEX;
  const out: Operand[] = [];
  if (spec & Kind.R8) out.push(...R8);
  else if (spec & (Kind.AL | Kind.CL)) out.push(spec & Kind.AL ? GP8[0]! : GP8[1]!);
  if (spec & Kind.R16) out.push(...R16);
  else if (spec & Kind.AX) out.push(GP16[0]!);
  if (spec & Kind.R32) out.push(...R32);
  else if (spec & Kind.EAX) out.push(GP32[0]!);
  if (spec & Kind.R64) out.push(...R64);
  else if (spec & Kind.RAX) out.push(GP64[0]!);
  const vectorIds = evex ? [...VEC_IDS, ...VEC_HI_IDS] : VEC_IDS;
  if (spec & Kind.XMM) out.push(...pickIds(XMM, vectorIds));
  else if (spec & Kind.XMM0) out.push(XMM[0]!);
  if (spec & Kind.YMM) out.push(...pickIds(YMM, vectorIds));
  if (spec & Kind.ZMM) out.push(...pickIds(ZMM, vectorIds));
  if (spec & Kind.K) out.push(...K);
  const sized = MEMORY_BITS.filter(([bit]) => spec & bit);
  if (sized.length > 0) {
    // `m` (lea & co.) takes any size: test it unsized, as written in source
    const size: MemorySize = sized.length > 1 ? 0 : sized[0]![1];
    for (const shape of memoryShapes(form)) out.push(memory(size, shape));
  }
  if (spec & (Kind.B32 | Kind.B64)) {
    const element = spec & Kind.B32 ? 4 : 8;
    for (const shape of memoryShapes(form).slice(0, 14)) out.push(memory(element as MemorySize, shape, form.broadcastCount));
  }
  if (index === form.moffsOp) out.push(...moffsSamples(form));
  else if (spec & Kind.VSIB) out.push(...vsibSamples(form));
  if (index === form.roundingOp) return form.roundingClass === RoundingClass.ER ? [rnSae, rdSae, ruSae, rzSae] : [sae];
  if (spec & Kind.IMM) out.push(...IMMEDIATES[index === form.imm2Op ? form.imm2Class : form.immClass]!);
  return out;
}

function masked(form: Form, operand: Operand): Operand[] {
  if (form.maskMode === 0) return [];
  if (operand instanceof Memory) return [operand.k(KREGS[1]!), operand.k(KREGS[6]!)];
  const register = operand as Register;
  const out: Operand[] = [register.k(KREGS[1]!), register.k(KREGS[7]!)];
  if (form.maskMode === 2) out.push(register.k(KREGS[3]!).z());
  return out;
}

/**
 * A gather whose destination, vector index and (AVX2) mask registers are not all distinct is a #UD
 * instruction: jitkit refuses it (a test checks that), so the corpus leaves such combinations out.
 */
export function gatherRegistersCollide(form: Form, operands: readonly Operand[]): boolean {
  if (form.vsibOp !== 1) return false;
  const ids = [(operands[0] as Register).id, (operands[1] as Memory).index!.id];
  if (form.count === 3) ids.push((operands[2] as Register).id);
  return new Set(ids).size !== ids.length;
}

/**
 * Representative cases for every form of the table: the default operands, each slot varied over its
 * samples while the others keep their defaults, and masked/zeroing destinations for EVEX forms.
 * Branch forms are covered by the relaxation tests instead (their operands are labels).
 */
export function instructionCases(): InstructionCase[] {
  return casesOf(FORMS.filter((form) => !isEvexVsib(form) && form.roundingOp < 0));
}

/**
 * Static rounding and SAE forms (`vaddps zmm1, zmm2, zmm3, {rn-sae}`): compared with llvm-mc, kept out
 * of the corpus the text parser round-trips, which does not read `{rn-sae}`/`{sae}` operands.
 */
export function roundingCases(): InstructionCase[] {
  return casesOf(FORMS.filter((form) => form.roundingOp >= 0));
}

/**
 * AVX-512 gathers and scatters are kept apart: iced-x86's Intel formatter writes their opmask as a
 * separate operand (`vpgatherdd zmm7,k1,[rax+zmm1*4]`, `vscatterdps [rax+ymm1*4],k1,ymm0`), which is
 * not Intel/LLVM syntax (`zmm7 {k1}`, `[...] {k1}`) and which the text parser does not read, so the text
 * round trip cannot take them. The llvm-mc comparison and the structured iced round trip use them.
 */
export function evexVsibCases(): InstructionCase[] {
  return casesOf(FORMS.filter(isEvexVsib));
}

function isEvexVsib(form: Form): boolean {
  return form.vsibOp >= 0 && form.encoding === Encoding.EVEX;
}

function casesOf(forms: readonly Form[]): InstructionCase[] {
  const cases: InstructionCase[] = [];
  for (const form of forms) {
    if (form.relOp >= 0) continue;
    const slots = Array.from({ length: form.count }, (_, i) => samples(form, i));
    const defaults = slots.map((slot) => slot[0]!);
    if (form.vsibOp === 1) {
      // gathers need distinct destination, index and mask registers (see gatherRegistersCollide)
      defaults[0] = slots[0]![2]!;
      if (form.count === 3) defaults[2] = slots[2]![3]!;
    }
    const push = (operands: Operand[]): void => {
      if (!gatherRegistersCollide(form, operands)) cases.push({ form, mnemonic: form.mnemonic, operands });
    };
    push(defaults);
    // every slot off its default at once: defaults that are the same register in two slots hide which
    // operand went to ModRM.reg and which to ModRM.rm (xchg r16, r16 had them swapped against llvm-mc)
    if (form.count > 1) push(slots.map((slot, i) => slot[(i + 1) % slot.length]!));
    slots.forEach((slot, i) => {
      for (const sample of slot.slice(1)) {
        const operands = defaults.slice();
        operands[i] = sample;
        push(operands);
      }
    });
    if (form.count > 0) {
      for (const first of [defaults[0]!, ...slots[0]!.filter((operand) => typeof operand === 'object').slice(1, 4)]) {
        for (const variant of masked(form, first)) {
          const operands = defaults.slice();
          operands[0] = variant;
          push(operands);
        }
      }
    }
  }
  return cases;
}

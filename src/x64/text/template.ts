import { JitkitError } from '../../errors.ts';
import { Assembler } from '../assembler.ts';
import { MAX_TEMPLATE_VALUES, PLACEHOLDER_BASE, X64TextParser } from './parser.ts';

/** The joined source of each template call site (its strings array is the same object on every call). */
const SOURCES = new WeakMap<TemplateStringsArray, string>();

function sourceOf(strings: TemplateStringsArray): string {
  let source = SOURCES.get(strings);
  if (source === undefined) {
    if (strings.length - 1 > MAX_TEMPLATE_VALUES) {
      throw new JitkitError('E_SYNTAX', `a template takes at most ${MAX_TEMPLATE_VALUES} values; split it into several x64.into(assembler) calls`);
    }
    source = strings[0]!;
    for (let i = 1; i < strings.length; i++) source += String.fromCharCode(PLACEHOLDER_BASE + i - 1) + strings[i]!;
    SOURCES.set(strings, source);
  }
  return source;
}

/** A tag function that appends to one assembler. */
export type X64Tag = (strings: TemplateStringsArray, ...values: unknown[]) => Assembler;

/**
 * ``x64`lea eax, [rdi + ${n}]; ret` `` assembles into a new `Assembler` and returns it, so it can be
 * continued fluently and finalized for any load address (`.finalize(base)`), and its labels reached.
 * Each `${value}` stands for itself, never for text: numbers and bigints are immediates or displacements,
 * registers are registers (`${zmm1}{k1}`), labels are branch targets or `[rip + ${label}]`, Memory
 * operands are memory, `fs`/`gs` are segments. Anything else is E_SYNTAX.
 * ``x64.into(assembler)`…` `` appends to an existing assembler instead.
 */
export const x64: X64Tag & { into(assembler: Assembler): X64Tag } = Object.assign(
  (strings: TemplateStringsArray, ...values: unknown[]): Assembler => {
    const assembler = new Assembler();
    new X64TextParser(assembler).parse(sourceOf(strings), values);
    return assembler;
  },
  {
    into(assembler: Assembler): X64Tag {
      return (strings: TemplateStringsArray, ...values: unknown[]): Assembler => {
        new X64TextParser(assembler).parse(sourceOf(strings), values);
        return assembler;
      };
    },
  },
);

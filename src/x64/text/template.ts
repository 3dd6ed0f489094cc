import { JitkitError } from '../../errors.ts';
import { Assembler } from '../assembler.ts';
import { MAX_TEMPLATE_VALUES, PLACEHOLDER_BASE, X64TextParser } from './parser.ts';
import { ownSourceCodes } from './source-codes.ts';
import type { SourceCodes } from './source-codes.ts';

/** A template call site's joined text and its code units, converted once. */
interface TemplateSource {
  readonly text: string;
  readonly codes: SourceCodes;
}

/** The source of each template call site (its strings array is the same object on every call). */
const SOURCES = new WeakMap<TemplateStringsArray, TemplateSource>();

function sourceOf(strings: TemplateStringsArray): TemplateSource {
  let source = SOURCES.get(strings);
  if (source === undefined) {
    if (strings.length - 1 > MAX_TEMPLATE_VALUES) {
      throw new JitkitError('E_SYNTAX', `a template takes at most ${MAX_TEMPLATE_VALUES} values; split it into several x64.into(assembler) calls`);
    }
    let text = strings[0]!;
    for (let i = 1; i < strings.length; i++) text += String.fromCharCode(PLACEHOLDER_BASE + i - 1) + strings[i]!;
    source = { text, codes: ownSourceCodes(text) };
    SOURCES.set(strings, source);
  }
  return source;
}

function parseTemplate(assembler: Assembler, strings: TemplateStringsArray, values: unknown[]): Assembler {
  const source = sourceOf(strings);
  new X64TextParser(assembler).parse(source.text, values, source.codes);
  return assembler;
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
  (strings: TemplateStringsArray, ...values: unknown[]): Assembler => parseTemplate(new Assembler(), strings, values),
  {
    into(assembler: Assembler): X64Tag {
      return (strings: TemplateStringsArray, ...values: unknown[]): Assembler => parseTemplate(assembler, strings, values);
    },
  },
);

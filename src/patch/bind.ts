import { JitkitError } from '../errors.ts';
import { nativeFunction, parseSignature, type FunctionOf, type NativeFunction, type ParsedType, type Signature } from '../call/index.ts';
import { CodeHeap, type CodeBlock, type CodePolicy } from '../memory/index.ts';
import { Arm64Writer, X0, X16 } from './arm64-writer.ts';
import { hostArch } from './host.ts';
import { RDI, RSI, RDX, RCX, R8, R9, R11, X64Writer } from './x64-writer.ts';
import type { Implementation } from './swappable.ts';

export interface BindOptions {
  readonly heap?: CodeHeap;
  readonly policy?: CodePolicy;
  readonly name?: string;
}

const INTEGER_CLASS = new Set<ParsedType['kind']>(['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'pointer']);
/** Integer argument registers in order: SysV x86-64 (rdi, rsi, rdx, rcx, r8, r9); AAPCS64 (x0-x7). */
const X64_ARGUMENTS = [RDI, RSI, RDX, RCX, R8, R9];
const A64_ARGUMENT_COUNT = 8;

/** The signature of `target` without its first (context) parameter. */
function boundSignature(signature: Signature): string {
  const [context, ...rest] = signature.params;
  if (context === undefined || (context.kind !== 'pointer' && context.kind !== 'int64' && context.kind !== 'uint64')) {
    throw new JitkitError(
      'E_SIGNATURE_MISMATCH',
      `bind() passes the context as the first argument, so the target's first parameter must be a pointer or 64-bit integer; "${signature.text}" starts with ${context === undefined ? 'no parameter' : `'${context.spelling}'`}`,
    );
  }
  return `${signature.result.spelling} (${rest.map((param) => param.spelling).join(', ')})`;
}

/**
 * A trampoline: a new native function that calls `target` with `context` inserted as its first argument
 * (what libffi closures and GCC nested-function trampolines do), so a C API that takes a callback without
 * a user-data parameter can still reach per-instance state. It shifts the integer argument registers up
 * by one, loads `context` into the first, and tail-jumps, so the target returns straight to the caller.
 * Floating-point arguments travel in vector registers and are untouched.
 *
 * Limit: every integer-class argument must be in a register after the shift (x64: at most 5 besides the
 * context; arm64: at most 7). Arguments that would move onto the stack would need the frame rebuilt; that
 * is refused with E_UNSUPPORTED rather than done wrongly.
 *
 * The trampoline is written once and never modified, so it is safe for any number of threads under
 * every policy.
 */
export type BoundFunction = NativeFunction<(...args: never[]) => unknown> & {
  /** The signature callers use: the target's without its first (context) parameter. */
  readonly signatureText: string;
  /** The trampoline's code memory (written once, never modified). */
  readonly block: CodeBlock;
};

export function bind(target: Implementation, context: bigint, options: BindOptions = {}): BoundFunction {
  const signature = typeof target.signature === 'string' ? parseSignature(target.signature) : target.signature;
  const bound = boundSignature(signature);
  if (typeof context !== 'bigint') throw new JitkitError('E_ARGUMENTS', `the context is a bigint (an address or 64-bit value), got ${typeof context}`);
  const integers = signature.params.filter((param) => INTEGER_CLASS.has(param.kind)).length;
  const arch = hostArch();
  const limit = arch === 'x64' ? X64_ARGUMENTS.length : A64_ARGUMENT_COUNT;
  if (integers > limit) {
    throw new JitkitError(
      'E_UNSUPPORTED',
      `"${signature.text}" has ${integers} integer/pointer parameters including the context; a bind() trampoline on ${arch} handles at most ${limit} (the rest would be on the stack)`,
    );
  }
  let code: Uint8Array;
  if (arch === 'x64') {
    const writer = new X64Writer();
    for (let i = integers - 1; i >= 1; i--) writer.movRegister(X64_ARGUMENTS[i]!, X64_ARGUMENTS[i - 1]!);
    writer.movImm64(RDI, context).movImm64(R11, target.address).jmpRegister(R11);
    code = writer.finish();
  } else {
    const writer = new Arm64Writer();
    for (let i = integers - 1; i >= 1; i--) writer.movRegister(i, i - 1);
    writer.ldrLiteral(X0, context).ldrLiteral(X16, target.address).br(X16);
    code = writer.finish();
  }
  const heap = options.heap ?? CodeHeap.shared(options.policy ?? 'auto');
  const block = heap.load(code);
  try {
    const fn = nativeFunction(block.address, bound, {
      size: block.size,
      name: options.name ?? `bound trampoline at 0x${block.address.toString(16)}`,
      onDispose: () => block.free(),
    });
    Object.defineProperty(fn, 'signatureText', { value: bound, enumerable: true });
    Object.defineProperty(fn, 'block', { value: block, enumerable: true });
    return fn as unknown as BoundFunction;
  } catch (error) {
    block.free();
    throw error;
  }
}

/** `bind` with the result typed by the bound signature text. */
export function bindAs<S extends string>(signature: S, target: Implementation, context: bigint, options: BindOptions = {}): NativeFunction<FunctionOf<S>> & { readonly block: CodeBlock } {
  const fn = bind(target, context, options);
  const want = parseSignature(signature);
  const got = parseSignature(fn.signatureText);
  const shape = (s: Signature) => `${s.result.kind}(${s.params.map((p) => p.kind).join(',')})`;
  if (shape(want) !== shape(got)) {
    fn.dispose();
    throw new JitkitError('E_SIGNATURE_MISMATCH', `binding the first argument of "${signature}"-expecting code gives "${fn.signatureText}"`);
  }
  return fn as unknown as NativeFunction<FunctionOf<S>> & { readonly block: CodeBlock };
}

import { JitkitError } from '../errors.ts';
import { nativeFunction, parseSignature, type FunctionOf, type NativeFunction, type Signature } from '../call/index.ts';
import { CodeHeap, type CodeBlock, type CodePolicy } from '../memory/index.ts';
import { trampolineCode } from './bind-trampoline.ts';
import { hostArch } from './host.ts';
import type { Implementation } from './swappable.ts';

export interface BindOptions {
  readonly heap?: CodeHeap;
  readonly policy?: CodePolicy;
  readonly name?: string;
}

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

export type BoundFunction = NativeFunction<(...args: never[]) => unknown> & {
  /** The signature callers use: the target's without its first (context) parameter. */
  readonly signatureText: string;
  /** The trampoline's code memory (written once, never modified). */
  readonly block: CodeBlock;
};

/**
 * A trampoline: a new native function that calls `target` with `context` inserted as its first argument
 * (what libffi closures and GCC nested-function trampolines do), so a C API that takes a callback without
 * a user-data parameter can still reach per-instance state. It shifts the integer argument registers up
 * by one, loads `context` into the first, and tail-jumps, so the target returns straight to the caller.
 * Floating-point arguments travel in vector registers and are untouched.
 *
 * Any number of arguments: when the integer registers are all used (x64: 6, arm64: 8, the context being
 * one of them) the last register argument becomes the target's first stack argument among the caller's, so
 * the trampoline builds a new outgoing stack area, calls the target from a real frame and returns
 * (bind-trampoline.ts has the layout and alignment reasoning).
 *
 * The trampoline is written once and never modified, so it is safe for any number of threads under
 * every policy.
 */
export function bind(target: Implementation, context: bigint, options: BindOptions = {}): BoundFunction {
  const signature = typeof target.signature === 'string' ? parseSignature(target.signature) : target.signature;
  const bound = boundSignature(signature);
  if (typeof context !== 'bigint') throw new JitkitError('E_ARGUMENTS', `the context is a bigint (an address or 64-bit value), got ${typeof context}`);
  const code = trampolineCode(signature, hostArch(), context, target.address);
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

import { CodeHeap } from '../memory/code-heap.ts';
import type { CodeBlock } from '../memory/code-block.ts';
import type { CodePolicy } from '../memory/policy.ts';
import { nativeFunction, type NativeFunction } from './native-function.ts';
import type { FunctionOf } from './signature-types.ts';
import { parseSignature } from './signature.ts';

export interface CompileOptions {
  /** Heap to load into; default: the process-wide heap of `policy`. */
  readonly heap?: CodeHeap;
  /** Policy of the default heap when `heap` is not given. Default `auto`. */
  readonly policy?: CodePolicy;
  readonly name?: string;
  readonly alignment?: number;
}

export type LoadedFunction<F extends (...args: never[]) => unknown> = NativeFunction<F> & {
  /** The code memory behind the function, for reading and patching. */
  readonly block: CodeBlock;
};

/**
 * Loads machine code into executable memory and returns it as a typed JS function. `dispose()` frees the
 * code (refilled with traps) and makes later calls throw `E_DISPOSED`.
 */
export function compile<S extends string>(code: Uint8Array, signature: S, options: CompileOptions = {}): LoadedFunction<FunctionOf<S>> {
  parseSignature(signature); // reject a bad signature before any memory is touched
  const heap = options.heap ?? CodeHeap.shared(options.policy ?? 'auto');
  const block = heap.load(code, options.alignment);
  let fn: NativeFunction<FunctionOf<S>>;
  try {
    fn = nativeFunction(block.address, signature, {
      size: block.size,
      name: options.name,
      onDispose: () => block.free(),
    });
  } catch (error) {
    block.free();
    throw error;
  }
  Object.defineProperty(fn, 'block', { value: block, enumerable: true });
  return fn as LoadedFunction<FunctionOf<S>>;
}

import koffi from 'koffi';
import { JitkitError } from '../errors.ts';
import { fastPathTest, normalizerFor } from './argument-checks.ts';
import { koffiPrototype } from './koffi-prototype.ts';
import { parseSignature, type Signature } from './signature.ts';
import type { FunctionOf } from './signature-types.ts';

/** A JS-callable view of native code. */
export type NativeFunction<F extends (...args: never[]) => unknown = (...args: unknown[]) => unknown> = F & {
  /** Where the code starts. */
  readonly address: bigint;
  /** Bytes of code behind it (0 when wrapping an address jitkit did not load). */
  readonly size: number;
  readonly signature: Signature;
  readonly isDisposed: boolean;
  /** Frees the code (when jitkit owns it) and makes further calls throw `E_DISPOSED`. */
  dispose(): void;
};

export interface NativeFunctionOptions {
  readonly size?: number;
  /** Called once by `dispose()`, e.g. to free the code block. */
  readonly onDispose?: () => void;
  /** For error messages. */
  readonly name?: string;
}

/**
 * koffi 3 sets up a thread's native call stack when that thread first loads a library; a worker thread
 * whose first native call goes through a `koffi.decode`d pointer crashes (SIGSEGV in the call trampoline)
 * instead. This module is instantiated once per JS thread, so loading the C library here, before any
 * function pointer is decoded, performs that setup on every thread that can call native code.
 */
koffi.load(process.platform === 'win32' ? 'msvcrt.dll' : process.platform === 'darwin' ? 'libSystem.B.dylib' : 'libc.so.6');

interface CallState {
  disposed: boolean;
}

/**
 * Builds the wrapper source for one signature: a fixed-arity function whose per-argument checks are one
 * comparison in the common case, so the wrapper adds a few nanoseconds to koffi's ~35 ns call. It is
 * generated JS (not machine code) because V8 optimizes a fixed parameter list far better than a rest
 * parameter plus a loop over per-argument checkers.
 */
function wrapperSource(signature: Signature): string {
  const names = signature.params.map((_, index) => `a${index}`);
  const lines = [
    `return function native(${names.join(', ')}) {`,
    '  if (state.disposed) throwDisposed();',
    `  if (arguments.length !== ${names.length}) throwCount(arguments.length);`,
  ];
  signature.params.forEach((param, index) => {
    lines.push(`  if (!(${fastPathTest(param.kind, names[index]!)})) a${index} = normalize[${index}](a${index}, ${index}, text);`);
  });
  const call = `raw(${names.join(', ')})`;
  switch (signature.result.kind) {
    case 'int64':
    case 'uint64':
      // 64-bit integers cross into JS as bigint, always, so callers need not test which they got.
      lines.push(`  const result = ${call};`, "  return typeof result === 'bigint' ? result : BigInt(result);");
      break;
    case 'pointer':
      lines.push(`  const result = ${call};`, '  return result === null ? 0n : result;');
      break;
    case 'void':
      lines.push(`  ${call};`, '  return undefined;');
      break;
    default:
      lines.push(`  return ${call};`);
  }
  lines.push('};');
  return lines.join('\n');
}

/** Wraps native code at `address` as a JS function typed by `signature`. */
export function nativeFunction<S extends string>(address: bigint, signature: S, options: NativeFunctionOptions = {}): NativeFunction<FunctionOf<S>> {
  if (typeof address !== 'bigint' || address <= 0n) {
    throw new JitkitError('E_ARGUMENTS', `a native function needs a non-zero bigint address, got ${String(address)}`);
  }
  const parsed = parseSignature(signature);
  const raw = koffi.decode(address, koffiPrototype(parsed)) as (...args: unknown[]) => unknown;
  const state: CallState = { disposed: false };
  const label = options.name ?? `native function at 0x${address.toString(16)}`;
  const throwDisposed = (): never => {
    throw new JitkitError('E_DISPOSED', `${label} was disposed; its code may already be reused, so it cannot be called again. Compile it anew.`);
  };
  const throwCount = (got: number): never => {
    throw new JitkitError('E_ARGUMENTS', `"${parsed.text}" takes ${parsed.params.length} argument(s); got ${got}`, {
      expected: parsed.params.length,
      got,
    });
  };
  const normalize = parsed.params.map((param) => normalizerFor(param));
  const build = new Function('state', 'raw', 'normalize', 'text', 'throwDisposed', 'throwCount', wrapperSource(parsed)) as (
    ...deps: unknown[]
  ) => (...args: unknown[]) => unknown;
  const callable = build(state, raw, normalize, parsed.text, throwDisposed, throwCount);
  Object.defineProperties(callable, {
    address: { value: address, enumerable: true },
    size: { value: options.size ?? 0, enumerable: true },
    signature: { value: parsed, enumerable: true },
    isDisposed: { get: () => state.disposed, enumerable: true },
    dispose: {
      value: () => {
        if (state.disposed) return;
        state.disposed = true;
        options.onDispose?.();
      },
    },
  });
  return callable as NativeFunction<FunctionOf<S>>;
}

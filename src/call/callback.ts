import koffi from 'koffi';
import { JitkitError } from '../errors.ts';
import { koffiPrototype } from './koffi-prototype.ts';
import { parseSignature, type Signature } from './signature.ts';

/**
 * A native function pointer that calls into JS. Generated code (or C) calls `address` with the C calling
 * convention; koffi converts the arguments and calls `fn` on this thread. Calls from other threads are
 * queued by koffi to the main JS thread and block until it runs them (koffi doc/callbacks.md), so a
 * main thread that is itself waiting for that thread deadlocks.
 */
export interface JsCallback {
  readonly address: bigint;
  readonly signature: Signature;
  readonly isDisposed: boolean;
  dispose(): void;
}

export function callback(fn: (...args: never[]) => unknown, signatureText: string): JsCallback {
  if (typeof fn !== 'function') throw new JitkitError('E_ARGUMENTS', `callback() needs a JS function, got ${typeof fn}`);
  const signature = parseSignature(signatureText);
  const registered = koffi.register(fn, koffi.pointer(koffiPrototype(signature)));
  const address = typeof registered === 'bigint' ? registered : (koffi.address(registered) as bigint);
  let disposed = false;
  return {
    address,
    signature,
    get isDisposed() {
      return disposed;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      koffi.unregister(registered);
    },
  };
}

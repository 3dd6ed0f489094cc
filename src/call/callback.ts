import koffi from 'koffi';
import { JitkitError } from '../errors.ts';
import { parseSignature, type ParsedType, type Signature } from './signature.ts';

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

const KOFFI_TYPE: Record<ParsedType['kind'], string> = {
  void: 'void',
  bool: 'bool',
  int8: 'int8_t',
  int16: 'int16_t',
  int32: 'int32_t',
  int64: 'int64_t',
  uint8: 'uint8_t',
  uint16: 'uint16_t',
  uint32: 'uint32_t',
  uint64: 'uint64_t',
  float: 'float',
  double: 'double',
  pointer: 'void *',
};

const prototypes = new Map<string, ReturnType<typeof koffi.proto>>();

function prototypeFor(signature: Signature): ReturnType<typeof koffi.proto> {
  let proto = prototypes.get(signature.text);
  if (proto === undefined) {
    proto = koffi.proto(`${KOFFI_TYPE[signature.result.kind]} jitkit_callback_${prototypes.size}(${signature.params.map((p) => KOFFI_TYPE[p.kind]).join(', ')})`);
    prototypes.set(signature.text, proto);
  }
  return proto;
}

export function callback(fn: (...args: never[]) => unknown, signatureText: string): JsCallback {
  if (typeof fn !== 'function') throw new JitkitError('E_ARGUMENTS', `callback() needs a JS function, got ${typeof fn}`);
  const signature = parseSignature(signatureText);
  const registered = koffi.register(fn, koffi.pointer(prototypeFor(signature)));
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

import koffi from 'koffi';
import { JitkitError } from '../errors.ts';

/**
 * The native address of a typed array's memory, for generated code that reads or writes it (hit
 * counters, register snapshots). Only SharedArrayBuffer-backed arrays are accepted: V8 never moves or
 * frees a shared backing store while any JS object refers to it, whereas an ordinary ArrayBuffer's may be
 * reallocated by transfer or detached — keep the array referenced as long as code uses the address.
 */
export function addressOf(array: ArrayBufferView): bigint {
  if (!(array.buffer instanceof SharedArrayBuffer)) {
    throw new JitkitError('E_ARGUMENTS', 'addressOf() needs a SharedArrayBuffer-backed typed array, whose memory never moves');
  }
  return koffi.address(array) as bigint;
}

/** `length` bytes of native memory at `address`, viewed (not copied) as an ArrayBuffer. */
export function nativeView(address: bigint, length: number): ArrayBuffer {
  return koffi.view(address, length) as ArrayBuffer;
}

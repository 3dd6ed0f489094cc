import koffi from 'koffi';
import type { ParsedType, Signature } from './signature.ts';

/** How each jitkit scalar type is spelled to koffi. */
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
  // Every pointer is `void *` to koffi: buffers then pass by address without koffi's typed-array checks.
  pointer: 'void *',
};

export type KoffiPrototype = ReturnType<typeof koffi.proto>;

const prototypes = new Map<string, KoffiPrototype>();

/** koffi registers prototypes by name, so each distinct signature gets one named prototype, reused. */
export function koffiPrototype(signature: Signature): KoffiPrototype {
  let prototype = prototypes.get(signature.text);
  if (prototype === undefined) {
    const params = signature.params.map((param) => KOFFI_TYPE[param.kind]).join(', ');
    prototype = koffi.proto(`${KOFFI_TYPE[signature.result.kind]} jitkit_signature_${prototypes.size}(${params})`);
    prototypes.set(signature.text, prototype);
  }
  return prototype;
}

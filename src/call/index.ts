export { compile, type CompileOptions, type LoadedFunction } from './compile.ts';
export { nativeFunction, type NativeFunction, type NativeFunctionOptions } from './native-function.ts';
export { parseSignature, type Signature, type ParsedType, type ScalarType } from './signature.ts';
export type { FunctionOf, PointerArgument } from './signature-types.ts';
export { parseArgumentTexts, formatResult } from './argument-text.ts';
export { callback, type JsCallback } from './callback.ts';
export { addressOf, nativeView } from './native-address.ts';

/**
 * Compile-time reading of a signature string, so `compile(code, "int64 (int64, double *)")` is typed as
 * `(a: bigint | number, b: Pointer) => bigint` without a separate declaration. Strings that are not
 * literals fall back to `(...args: unknown[]) => unknown`.
 */

/** What JS may pass where native code expects a pointer: an address, NULL, or memory passed by address. */
export type PointerArgument = bigint | null | ArrayBuffer | ArrayBufferView;

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;

type IntegerNames =
  | 'int8' | 'int8_t' | 'int16' | 'int16_t' | 'short' | 'int32' | 'int32_t' | 'int' | 'char'
  | 'uint8' | 'uint8_t' | 'uint16' | 'uint16_t' | 'unsigned short' | 'unsigned char' | 'uint32' | 'uint32_t'
  | 'unsigned' | 'unsigned int';
type WideIntegerNames =
  | 'int64' | 'int64_t' | 'long long' | 'ssize_t' | 'intptr_t' | 'ptrdiff_t'
  | 'uint64' | 'uint64_t' | 'unsigned long long' | 'size_t' | 'uintptr_t';

/** Drops a trailing parameter name: `double x` → `double`. */
type StripName<T extends string> = T extends `${infer Type} ${infer Name}`
  ? Type extends IntegerNames | WideIntegerNames | 'float' | 'double' | 'bool'
    ? Name extends `${string}*${string}` ? T : Type
    : T
  : T;

type ArgumentOf<T extends string> =
  Trim<T> extends `${string}*${string}` ? PointerArgument
  : StripName<Trim<T>> extends IntegerNames ? number
  : StripName<Trim<T>> extends WideIntegerNames ? bigint | number
  : StripName<Trim<T>> extends 'float' | 'double' ? number
  : StripName<Trim<T>> extends 'bool' | '_Bool' ? boolean
  : unknown;

type ResultOf<T extends string> =
  Trim<T> extends `${string}*${string}` ? bigint
  : Trim<T> extends 'void' ? undefined
  : Trim<T> extends IntegerNames ? number
  : Trim<T> extends WideIntegerNames ? bigint
  : Trim<T> extends 'float' | 'double' ? number
  : Trim<T> extends 'bool' | '_Bool' ? boolean
  : unknown;

type ArgumentList<P extends string> =
  Trim<P> extends '' | 'void' ? []
  : P extends `${infer Head},${infer Rest}` ? [ArgumentOf<Head>, ...ArgumentList<Rest>]
  : [ArgumentOf<P>];

/** The JS function type a signature string describes. */
export type FunctionOf<S extends string> = string extends S
  ? (...args: unknown[]) => unknown
  : S extends `${infer Result}(${infer Params})${string}`
    ? (...args: ArgumentList<Params>) => ResultOf<Result>
    : (...args: unknown[]) => unknown;

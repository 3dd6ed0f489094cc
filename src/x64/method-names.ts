/**
 * The fluent method name of a mnemonic: the mnemonic itself, or with a trailing `_` where it would
 * collide with an Assembler method of another meaning (`lock()` the prefix vs. a `lock` mnemonic).
 */
const TAKEN = new Set(['lock', 'rep', 'emit', 'label', 'bind', 'align', 'embed', 'constant']);

export function methodNameOf(mnemonic: string): string {
  return TAKEN.has(mnemonic) ? `${mnemonic}_` : mnemonic;
}

/** The fluent method for a mnemonic: `b.eq` cannot be a property name in dotted access, so it is `b_eq`. */
export function methodName(mnemonic: string): string {
  return mnemonic.replace('.', '_');
}

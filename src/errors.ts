/**
 * The one error type jitkit throws for anything a caller can act on.
 *
 * `code` is stable across releases so programs can branch on it; `message` names what was wrong and
 * what would work instead. Errors from the OS carry the errno in `details.errno`.
 */
export type JitkitErrorCode =
  /** Operands that no form of the instruction accepts, or an unknown mnemonic. */
  | 'E_OPERANDS'
  /** Assembly text that does not parse. */
  | 'E_SYNTAX'
  /** A label that was used but never bound, bound twice, or belongs to another assembler. */
  | 'E_LABEL'
  /** A branch, literal or displacement whose target is out of the range the encoding can express. */
  | 'E_RANGE'
  /** A memory policy the OS refuses (or that was not asked for by name, such as `rwx`). */
  | 'E_POLICY_DENIED'
  /** Calling, patching or freeing code that was already disposed. */
  | 'E_DISPOSED'
  /** A patch that would write outside the code it targets, or a value that does not fit its field. */
  | 'E_PATCH_RANGE'
  /** A patch offset that is not on an instruction boundary. */
  | 'E_PATCH_BOUNDARY'
  /** A signature string that does not parse or names an unknown type. */
  | 'E_SIGNATURE'
  /** Call arguments of the wrong count or type for the signature. */
  | 'E_ARGUMENTS'
  /** Hex text with an odd digit count or a non-hex character. */
  | 'E_HEX'
  /** A size of zero, or larger than the heap or OS allows. */
  | 'E_SIZE'
  /** A feature this OS, CPU or build does not have. */
  | 'E_UNSUPPORTED'
  /** An OS call failed; `details.errno` says why. */
  | 'E_NATIVE'
  /** A command-line usage error. */
  | 'E_USAGE'
  /** An object used in a state that does not allow the call (e.g. emitting after finalize). */
  | 'E_STATE'
  /** Swapping in (or binding) a function whose signature differs from the one callers were promised. */
  | 'E_SIGNATURE_MISMATCH'
  /** An instruction that cannot be executed out of line at another address (named in the message). */
  | 'E_UNRELOCATABLE';

export class JitkitError extends Error {
  override readonly name = 'JitkitError';
  readonly code: JitkitErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: JitkitErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export function isJitkitError(value: unknown, code?: JitkitErrorCode): value is JitkitError {
  return value instanceof JitkitError && (code === undefined || value.code === code);
}

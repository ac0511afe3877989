/**
 * Errors meant for the user: one line, naming the file (and line/column where there is one) and
 * what to do. The CLI prints `error: <message>` and exits 2; it never prints a stack for these.
 */
export class InputError extends Error {
  override name = 'InputError';
}

/**
 * A failure to open or read an export as a one-line InputError (a missing file or a directory is
 * the user's to fix, not a bug); anything that is not a system error is returned as it is.
 */
export function fileError(file: string, e: unknown): unknown {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return e;
  if (code === 'ENOENT') return new InputError(`${file}: no such file; check the path`);
  if (code === 'EISDIR') return new InputError(`${file}: is a folder, not an export file`);
  if (code === 'EACCES' || code === 'EPERM') return new InputError(`${file}: permission denied; check the file's permissions`);
  return new InputError(`${file}: cannot read (${code}); check the path, or pass the export on stdin as -`);
}

/** A rubric, mapping or config file that is not valid. May carry several located problems. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

/** Wrong flags or arguments. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function isUserError(e: unknown): e is InputError | ConfigError | UsageError {
  return e instanceof InputError || e instanceof ConfigError || e instanceof UsageError;
}

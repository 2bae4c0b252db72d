/**
 * Turns Node's file-system errors into one sentence a user can act on.
 */
export function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

export function describeFsError(error: unknown, what: string): string {
  switch (errnoOf(error)) {
    case 'ENOENT':
      return `${what} not found`;
    case 'EISDIR':
      return `${what} is a directory, not a file`;
    case 'ELOOP':
      return `${what} is a symbolic link loop`;
    case 'EACCES':
    case 'EPERM':
      return `${what} is not readable (permission denied)`;
    case 'ENOTDIR':
      return `a component of the ${what} path is not a directory`;
    default:
      return `${what} could not be read: ${error instanceof Error ? error.message : String(error)}`;
  }
}

// A reader that stops early (`l4e-autopilot status | head -1`) closes the pipe; whatever is left to
// print has nobody to read it, so the writer ends quietly, as command-line tools do, instead of
// crashing with an EPIPE stack trace.

interface WritableWithErrors {
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/** On EPIPE from `stream`, calls `exit` (by default: exit 0 at once); any other error is rethrown. */
export function endQuietlyOnClosedPipe(
  stream: WritableWithErrors,
  exit: () => void = () => process.exit(0),
): void {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') {
      exit();
      return;
    }
    throw error;
  });
}

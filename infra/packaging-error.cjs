'use strict';
// A stage parameter that cannot work stops `osls package` with one line that says why. Left to
// Serverless, the same error would be printed once for every place that uses the setting, each with a
// stack trace (a hundred lines for one wrong `pollRate`).

/** An error in the service's own settings, worded for the person who set them. */
class PackagingError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'PackagingError';
  }
}

let reported = false;

/** Wraps a `${file(...)}` resolver: a PackagingError ends the run with its message, once. */
function reportingPackagingErrors(resolver) {
  return async function resolveReportingErrors(context) {
    try {
      return await resolver(context);
    } catch (error) {
      if (!(error instanceof PackagingError)) throw error;
      if (!reported) {
        reported = true;
        process.stderr.write(`Error: ${error.message}\n`);
      }
      process.exit(1);
    }
  };
}

module.exports = { PackagingError, reportingPackagingErrors };

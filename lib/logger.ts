import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';

/** The part of a logger use-cases need; Powertools' Logger satisfies it. */
export interface Logger {
  debug(message: string, ...extra: Array<Record<string, unknown>>): void;
  info(message: string, ...extra: Array<Record<string, unknown>>): void;
  warn(message: string, ...extra: Array<Record<string, unknown>>): void;
  error(message: string, ...extra: Array<Record<string, unknown>>): void;
}

export function createLogger(serviceName: string): PowertoolsLogger {
  return new PowertoolsLogger({ serviceName });
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

// The operation table: validation against the request shape, then the handler.

import { ServiceError, validationError } from '../errors.js';
import { INPUT_SHAPES, NOT_EMULATED_OPERATIONS } from '../input-shapes.js';
import type { Simulation } from '../simulation.js';
import { validateInput } from '../validation.js';
import type { Handler, Input } from './common.js';
import { datasetOperations } from './datasets.js';
import { inferenceSchedulerOperations } from './inference-schedulers.js';
import { modelOperations } from './models.js';
import { retrainingSchedulerOperations } from './retraining-schedulers.js';
import { tagOperations } from './tags.js';
import { versionOperations } from './versions.js';

const HANDLERS: Readonly<Record<string, Handler>> = {
  ...datasetOperations,
  ...modelOperations,
  ...versionOperations,
  ...retrainingSchedulerOperations,
  ...inferenceSchedulerOperations,
  ...tagOperations,
};

export const EMULATED_OPERATIONS: readonly string[] = Object.keys(HANDLERS).sort();
const NOT_EMULATED = new Set<string>(NOT_EMULATED_OPERATIONS);

/** Whether the service model has this operation (emulated or not). */
export function isServiceOperation(operation: string): boolean {
  return operation in HANDLERS || NOT_EMULATED.has(operation);
}

export function dispatch(sim: Simulation, operation: string, input: Input): Record<string, unknown> {
  if (NOT_EMULATED.has(operation)) {
    throw validationError(
      `The operation ${operation} is not emulated by this emulator (l4e-autopilot local L4E emulator).`,
    );
  }
  const handler = HANDLERS[operation];
  const shape = INPUT_SHAPES[operation];
  if (handler === undefined || shape === undefined) {
    throw new ServiceError('UnknownOperationException', `Unknown operation ${operation}.`);
  }
  validateInput(shape, input);
  return handler(sim, input);
}

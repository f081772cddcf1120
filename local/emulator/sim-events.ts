// What each kind of simulation event does: the dispatch the Simulation is built with. Kept apart from
// simulation.ts so that the modules acting on the simulation depend on it, never the reverse.
import { onInferenceTransition } from './inference.js';
import {
  onPromotionResult,
  onRetrainingDue,
  onRetrainingFinished,
  onStartSettled,
  onStopFinished,
} from './retraining.js';
import type { SimEventProcessor } from './simulation.js';
import { finishImport, finishTraining } from './training.js';

export const processSimEvent: SimEventProcessor = (sim, event) => {
  switch (event.kind) {
    case 'trainingDone':
      finishTraining(sim, event);
      break;
    case 'importDone':
      finishImport(sim, event);
      break;
    case 'retrainingDue':
      onRetrainingDue(sim, event);
      break;
    case 'retrainingDone':
      onRetrainingFinished(sim, event);
      break;
    case 'retrainingStopped':
      onStopFinished(sim, event);
      break;
    case 'retrainingStarted':
      onStartSettled(sim, event);
      break;
    case 'promotionResult':
      onPromotionResult(sim, event);
      break;
    case 'inferenceTransition':
      onInferenceTransition(sim, event);
      break;
    default: {
      // A new kind of event fails to compile here until it is given its handler.
      const unhandled: never = event;
      throw new Error(`no handler for simulation event ${JSON.stringify(unhandled)}`);
    }
  }
};

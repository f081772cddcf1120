// How Amazon Lookout for Equipment names its models: the model-name pattern and the model ARN
// (`arn:aws:lookoutequipment:<region>:<account>:model/<name>/<id>`). Pure; no call to L4E.
import type { ModelNaming } from '../ports.js';

/** The model names L4E accepts. */
const MODEL_NAME = /^[0-9a-zA-Z_-]{1,200}$/;

const MODEL_ARN = /^arn:aws[a-z-]*:lookoutequipment:[a-z0-9-]+:\d{12}:model\/([0-9a-zA-Z_-]{1,200})\/.+$/;

export const lookoutModelNaming: ModelNaming = {
  isModelName: (name) => MODEL_NAME.test(name),
  modelNameOf: (arn) => MODEL_ARN.exec(arn)?.[1] ?? null,
};

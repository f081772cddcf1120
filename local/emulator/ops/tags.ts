// Tagging of models, datasets and inference schedulers.

import { notFoundError, quotaError } from '../errors.js';
import type { Simulation } from '../simulation.js';
import type { Tag } from '../state.js';
import { checkTags, type Handler, structure, text } from './common.js';

export const MAX_TAGS = 200;

function requireTaggable(sim: Simulation, arn: string): { tags: Tag[] } {
  const resource = sim.store.taggable(arn);
  if (resource === undefined) throw notFoundError(`Resource '${arn}' does not exist.`);
  return resource;
}

const tagResource: Handler = (sim, input) => {
  const resource = requireTaggable(sim, text(input, 'ResourceArn') as string);
  const incoming = checkTags(structure<Tag[]>(input, 'Tags'));
  const merged = new Map(resource.tags.map((tag) => [tag.Key, tag.Value]));
  for (const tag of incoming) merged.set(tag.Key, tag.Value);
  if (merged.size > MAX_TAGS) {
    throw quotaError(
      `A resource can have at most ${MAX_TAGS} tags; this request would leave ${merged.size}.`,
    );
  }
  resource.tags = [...merged].map(([Key, Value]) => ({ Key, Value }));
  return {};
};

const untagResource: Handler = (sim, input) => {
  const resource = requireTaggable(sim, text(input, 'ResourceArn') as string);
  const keys = new Set(structure<string[]>(input, 'TagKeys') ?? []);
  resource.tags = resource.tags.filter((tag) => !keys.has(tag.Key));
  return {};
};

const listTags: Handler = (sim, input) => ({
  Tags: requireTaggable(sim, text(input, 'ResourceArn') as string).tags.map((tag) => ({ ...tag })),
});

export const tagOperations: Record<string, Handler> = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTags,
};

// Compares the emulator's route table (shapes.ts) with the API model: method, URI, status, query
// members, and every constraint of every request member the emulator declares.

import type { Route } from '../../../../local/sitewise/shapes.js';
import type { Shape, StructureShape } from '../../../../local/sitewise/validation.js';
import type { RestServiceModel } from './sitewise-model.js';

type ModelShape = RestServiceModel['shapes'][string];
const MAX_DEPTH = 8;

class RouteComparison {
  readonly problems: string[] = [];
  readonly #seen = new Set<string>();
  readonly #model: RestServiceModel;

  constructor(model: RestServiceModel) {
    this.#model = model;
  }

  shape(path: string, mine: Shape, shapeName: string): void {
    const theirs = this.#model.shapes[shapeName];
    if (theirs === undefined) {
      this.problems.push(`${path}: no shape ${shapeName}`);
      return;
    }
    const kind = theirs.type === 'long' ? 'integer' : theirs.type;
    if (mine.kind !== kind) {
      this.problems.push(`${path}: ${mine.kind}, the model says ${theirs.type}`);
      return;
    }
    const key = `${path}:${shapeName}`;
    if (this.#seen.has(key) || path.split('.').length > MAX_DEPTH) return;
    this.#seen.add(key);
    this.#constraints(path, mine, theirs);
    if (mine.kind === 'list') this.shape(`${path}[]`, mine.member, theirs.member?.shape ?? '');
    if (mine.kind === 'map') {
      this.shape(`${path}{key}`, mine.key, theirs.key?.shape ?? '');
      this.shape(`${path}{value}`, mine.value, theirs.value?.shape ?? '');
    }
    if (mine.kind === 'structure') this.#structure(path, mine, theirs);
  }

  #constraints(path: string, mine: Shape, theirs: ModelShape): void {
    if (mine.kind !== 'string' && mine.kind !== 'integer') return;
    const ours: Record<string, unknown> = { ...mine };
    const model: Record<string, unknown> = { ...theirs };
    for (const key of ['min', 'max', 'pattern', 'enum']) {
      if (JSON.stringify(ours[key]) !== JSON.stringify(model[key]))
        this.problems.push(
          `${path}.${key}: ${JSON.stringify(ours[key])} vs the model's ${JSON.stringify(model[key])}`,
        );
    }
  }

  #structure(path: string, mine: StructureShape, theirs: ModelShape): void {
    const members = mine.members();
    const required = [...(mine.required ?? [])].sort();
    const modelRequired = (theirs.required ?? []).filter((name) => name in members).sort();
    if (JSON.stringify(required) !== JSON.stringify(modelRequired))
      this.problems.push(`${path}: required ${required.join(',')} vs the model's ${modelRequired.join(',')}`);
    for (const [name, member] of Object.entries(members)) {
      const ref = theirs.members?.[name];
      if (ref === undefined) this.problems.push(`${path}.${name}: not in the model`);
      else this.shape(`${path}.${name}`, member, ref.shape);
    }
  }
}

function bindingProblems(model: RestServiceModel, route: Route): string[] {
  const op = model.operations[route.operation];
  if (op === undefined) return [`${route.operation}: not in the model`];
  const problems: string[] = [];
  if (op.http.method !== route.method || op.http.requestUri !== route.uri)
    problems.push(
      `${route.operation}: ${route.method} ${route.uri} vs ${op.http.method} ${op.http.requestUri}`,
    );
  if ((op.http.responseCode ?? 200) !== route.status)
    problems.push(`${route.operation}: status ${route.status} vs ${op.http.responseCode ?? 200}`);
  const members = model.shapes[op.input?.shape ?? '']?.members ?? {};
  const query = Object.entries(members)
    .filter(([, ref]) => ref.location === 'querystring')
    .map(([name]) => name)
    .sort();
  const ours = [...(route.query ?? [])].sort();
  if (JSON.stringify(ours) !== JSON.stringify(query))
    problems.push(`${route.operation}: query ${ours.join(',')} vs the model's ${query.join(',')}`);
  return problems;
}

/** Every way the route table differs from the model, as readable lines (empty when they agree). */
export function routeTableProblems(model: RestServiceModel, routes: readonly Route[]): string[] {
  const comparison = new RouteComparison(model);
  const problems = routes.flatMap((route) => bindingProblems(model, route));
  for (const route of routes) {
    const inputShape = model.operations[route.operation]?.input?.shape;
    if (inputShape !== undefined) comparison.shape(route.operation, route.input, inputShape);
  }
  return [...problems, ...comparison.problems];
}

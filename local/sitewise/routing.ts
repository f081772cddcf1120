// rest-json request binding: find the operation whose method and URI template match (literal segments
// beat labels), then build its input from the path labels, the query string (typed by the member's shape)
// and the JSON body.

import { invalidRequest, SiteWiseError } from './errors.js';
import { ROUTES, type Route } from './shapes.js';
import type { Shape } from './validation.js';

interface Match {
  route: Route;
  labels: Record<string, string>;
  literals: number;
}

const segmentsOf = (path: string): string[] => path.split('/').filter((segment) => segment !== '');

function matchRoute(route: Route, method: string, segments: readonly string[]): Match | undefined {
  if (route.method !== method) return undefined;
  const template = segmentsOf(route.uri);
  if (template.length !== segments.length) return undefined;
  const labels: Record<string, string> = {};
  let literals = 0;
  for (const [index, part] of template.entries()) {
    const segment = segments[index] ?? '';
    const label = /^\{(\w+)\}$/.exec(part)?.[1];
    if (label !== undefined) labels[label] = decodeURIComponent(segment);
    else if (part === segment) literals += 1;
    else return undefined;
  }
  return { route, labels, literals };
}

export function findRoute(method: string, path: string): Match | undefined {
  const segments = segmentsOf(path);
  return ROUTES.map((route) => matchRoute(route, method, segments))
    .filter((match): match is Match => match !== undefined)
    .sort((a, b) => b.literals - a.literals)[0];
}

function queryValue(name: string, text: string, shape: Shape | undefined): unknown {
  if (shape?.kind === 'integer') {
    if (!/^-?\d+$/.test(text))
      throw invalidRequest(`Query parameter ${name} must be an integer, not '${text}'.`);
    return Number(text);
  }
  if (shape?.kind === 'boolean') {
    if (text !== 'true' && text !== 'false')
      throw invalidRequest(`Query parameter ${name} must be true or false, not '${text}'.`);
    return text === 'true';
  }
  return text;
}

function bodyOf(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidRequest('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalidRequest('The request body must be a JSON object.');
  return Object.fromEntries(Object.entries(parsed));
}

export function inputOf(match: Match, query: URLSearchParams, body: string): Record<string, unknown> {
  const members = match.route.input.members();
  const input: Record<string, unknown> =
    match.route.method === 'GET' || match.route.method === 'DELETE' ? {} : bodyOf(body);
  for (const name of match.route.query ?? []) {
    const text = query.get(name);
    if (text !== null) input[name] = queryValue(name, text, members[name]);
  }
  Object.assign(input, match.labels);
  return input;
}

export const unknownOperation = (method: string, path: string): SiteWiseError =>
  new SiteWiseError(
    'UnknownOperationException',
    `No emulated IoT SiteWise operation serves ${method} ${path}.`,
  );

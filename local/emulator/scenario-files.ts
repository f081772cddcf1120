// Loading scenarios by name (from local/scenarios) or by path.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ParsedScenario, parseScenario, ScenarioError } from './scenario.js';

export const SCENARIO_DIRECTORY = fileURLToPath(new URL('../scenarios/', import.meta.url));

export function resolveScenarioPath(nameOrPath: string): string {
  if (existsSync(nameOrPath) && (nameOrPath.includes('/') || nameOrPath.endsWith('.json'))) return nameOrPath;
  if (/^[\w.-]+$/.test(nameOrPath)) {
    const candidate = `${SCENARIO_DIRECTORY}${nameOrPath.endsWith('.json') ? nameOrPath : `${nameOrPath}.json`}`;
    if (existsSync(candidate)) return candidate;
  }
  throw new ScenarioError(`No scenario '${nameOrPath}': not a file, and not a name in ${SCENARIO_DIRECTORY}`);
}

/** Reads and validates a scenario file; the result has every default filled in. */
export function loadScenarioFile(nameOrPath: string): ParsedScenario {
  const path = resolveScenarioPath(nameOrPath);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError(`Scenario ${path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseScenario(raw, `scenario ${path}`);
}

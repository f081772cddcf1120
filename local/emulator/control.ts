// The control API under /_emulator/: the clock, scenarios, faults, the ledger, statistics, run specs
// and reset. Requests and responses are JSON; a bad request gets HTTP 400 and {"error": "..."}.

import { z } from 'zod';
import { ClockError } from './clock.js';
import { DurationError } from './durations.js';
import { ControlRequestError } from './errors.js';
import type { FaultConfig } from './faults.js';
import type { EmulatorRuntime } from './runtime.js';
import type { Scenario } from './scenario.js';
import { ScenarioError } from './scenario.js';

export interface ControlResponse {
  status: number;
  payload: unknown;
}

const ClockRequestSchema = z.union([
  z.strictObject({ advance: z.union([z.string(), z.number().nonnegative()]) }),
  z.strictObject({ set: z.string() }),
]);

function parseBody(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new ControlRequestError('The request body is not valid JSON.', 400, { cause: error });
  }
}

function clockView(runtime: EmulatorRuntime): { now: string; epochMs: number } {
  const epochMs = runtime.now();
  return { now: new Date(epochMs).toISOString(), epochMs };
}

function handleClock(runtime: EmulatorRuntime, body: string): ControlResponse {
  const parsed = ClockRequestSchema.safeParse(parseBody(body));
  if (!parsed.success) {
    throw new ControlRequestError(
      'Send {"advance": "P3D"} (an ISO-8601 duration or milliseconds) or {"set": "<ISO instant>"}.',
    );
  }
  if ('advance' in parsed.data) runtime.advance(parsed.data.advance);
  else runtime.setTime(parsed.data.set);
  return { status: 200, payload: clockView(runtime) };
}

function handleRuns(runtime: EmulatorRuntime, modelName: string, body: string): ControlResponse {
  const parsed = parseBody(body);
  const runs = Array.isArray(parsed) ? parsed : (parsed as { runs?: unknown }).runs;
  if (!Array.isArray(runs)) throw new ControlRequestError('Send {"runs": [ ...run specs ]}.');
  const pending = runtime.appendRuns(modelName, runs);
  return { status: 200, payload: { model: modelName, pendingRuns: pending } };
}

function route(runtime: EmulatorRuntime, method: string, url: URL, body: string): ControlResponse {
  const path = url.pathname.replace(/\/+$/, '');
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /_emulator/clock':
      return { status: 200, payload: clockView(runtime) };
    case 'POST /_emulator/clock':
      return handleClock(runtime, body);
    case 'POST /_emulator/scenario': {
      const scenario = parseBody(body);
      // A string names a shipped scenario; paths stay a local (CLI or code) choice, not a remote one.
      if (typeof scenario === 'string' && !/^[\w-]+$/.test(scenario)) {
        throw new ControlRequestError(
          'Send a scenario object, or the name of a scenario in local/scenarios (e.g. "demo").',
        );
      }
      runtime.loadScenario(scenario as Scenario | string);
      return {
        status: 200,
        payload: {
          name: runtime.scenario.name ?? null,
          models: runtime.simulation.store.models.size,
          ...clockView(runtime),
        },
      };
    }
    case 'GET /_emulator/faults':
      return { status: 200, payload: runtime.faults.config() };
    case 'POST /_emulator/faults':
      runtime.setFaults(parseBody(body) as FaultConfig);
      return { status: 200, payload: runtime.faults.config() };
    case 'GET /_emulator/ledger': {
      const since = url.searchParams.get('since');
      const model = url.searchParams.get('model');
      if (since !== null && !/^\d+$/.test(since))
        throw new ControlRequestError('since must be a sequence number.');
      const entries = runtime.ledger({
        ...(since === null ? {} : { since: Number(since) }),
        ...(model === null ? {} : { model }),
      });
      return { status: 200, payload: { entries } };
    }
    case 'GET /_emulator/stats':
      return { status: 200, payload: runtime.stats.snapshot() };
    case 'POST /_emulator/stats/reset':
      runtime.stats.reset();
      return { status: 200, payload: runtime.stats.snapshot() };
    case 'POST /_emulator/reset':
      runtime.reset();
      return { status: 200, payload: clockView(runtime) };
    default: {
      const runs = /^\/_emulator\/models\/([^/]+)\/runs$/.exec(path);
      if (method === 'POST' && runs !== null)
        return handleRuns(runtime, decodeURIComponent(runs[1] as string), body);
      return { status: 404, payload: { error: `No control route ${key}.` } };
    }
  }
}

export function handleControl(
  runtime: EmulatorRuntime,
  method: string,
  url: URL,
  body: string,
): ControlResponse {
  try {
    return route(runtime, method, url, body);
  } catch (error) {
    if (error instanceof ControlRequestError)
      return { status: error.status, payload: { error: error.message } };
    if (error instanceof ClockError || error instanceof DurationError || error instanceof ScenarioError) {
      return { status: 400, payload: { error: error.message } };
    }
    throw error;
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DeliveredEvent } from '../../../lib/core/events.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The sample events shipped in events/ (also usable with `osls invoke local -p`). */
export const FIXTURE_DIR = `${ROOT}events`;
export const GOLDEN_DIR = `${ROOT}test/golden`;

export interface Fixture {
  name: string;
  event: DeliveredEvent;
}

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.json$/, ''),
      event: JSON.parse(readFileSync(`${FIXTURE_DIR}/${file}`, 'utf8')) as DeliveredEvent,
    }));
}

export function loadFixture(name: string): DeliveredEvent {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}/${name}.json`, 'utf8')) as DeliveredEvent;
}

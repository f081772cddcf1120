// The listingOrder knob: ListActions and ListExecutions list newest first or oldest first, across pages.
import { ListActionsCommand, ListExecutionsCommand } from '@aws-sdk/client-iotsitewise';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LENIENT_SITEWISE_KNOBS,
  type SiteWiseEmulator,
  startSiteWiseEmulator,
} from '../../../local/sitewise/index.js';
import { boundModel, execute, siteWiseClient } from './support/fixtures.js';
import { trainPayload } from './support/scenario.js';

let emulator: SiteWiseEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('listingOrder knob', () => {
  it.each([
    ['newestFirst', [3, 2, 1]],
    ['oldestFirst', [1, 2, 3]],
  ] as const)('lists actions and executions %s, page after page', async (listingOrder, order) => {
    // Prepare
    emulator = await startSiteWiseEmulator({ knobs: { ...LENIENT_SITEWISE_KNOBS, listingOrder } });
    const client = siteWiseClient(emulator.url);
    const bound = await boundModel(emulator, client);
    const actionIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      actionIds.push(await execute(client, bound, 'training', trainPayload(false)));
      emulator.advance('PT3H');
    }
    const target = {
      targetResourceType: 'COMPUTATION_MODEL' as const,
      targetResourceId: bound.computationModelId,
    };

    // Act
    const actions: string[] = [];
    const starts: number[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListActionsCommand({ ...target, maxResults: 2, nextToken: token }));
      actions.push(...(page.actionSummaries ?? []).map((a) => a.actionId ?? ''));
      token = page.nextToken;
    } while (token);
    do {
      const page = await client.send(
        new ListExecutionsCommand({ ...target, maxResults: 2, nextToken: token }),
      );
      starts.push(...(page.executionSummaries ?? []).map((e) => e.executionStartTime?.getTime() ?? 0));
      token = page.nextToken;
    } while (token);
    client.destroy();

    // Assess
    expect(actions).toEqual(order.map((n) => actionIds[n - 1]));
    const sorted = [...starts].sort((a, b) => a - b);
    expect(starts).toEqual(listingOrder === 'oldestFirst' ? sorted : sorted.reverse());
    expect(starts).toHaveLength(3);
  });
});

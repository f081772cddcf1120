// A scenario's SiteWise faults reach clients from startTime on; the seeding itself is never faulted.
import { ListComputationModelsCommand } from '@aws-sdk/client-iotsitewise';
import { afterAll, describe, expect, it } from 'vitest';
import { type SiteWiseEmulator, startSiteWiseEmulator } from '../../../local/sitewise/index.js';
import { siteWiseClient } from './support/fixtures.js';

describe('a scenario with SiteWise faults', () => {
  let emulator: SiteWiseEmulator | undefined;
  afterAll(() => emulator?.close());

  it('seeds every model, then fails the requests the faults name', async () => {
    // Prepare
    emulator = await startSiteWiseEmulator({
      scenario: {
        startTime: '2025-01-06T00:00:00Z',
        sitewise: {
          faults: { operations: { ListComputationModels: { failNext: 1 } } },
          assetModels: [{ name: 'pump', properties: ['vibration'] }],
          assets: [{ name: 'pump-1', assetModel: 'pump' }],
          computationModels: [{ name: 'pump-anomaly', asset: 'pump-1' }],
        },
      },
    });
    const client = siteWiseClient(emulator.url);
    const list = () =>
      client.send(new ListComputationModelsCommand({})).then(
        (page) => page.computationModelSummaries?.map((m) => m.name) ?? [],
        (error: Error) => error.name,
      );

    // Act
    const first = await list();
    const second = await list();
    client.destroy();

    // Assess
    expect(first).toMatch(/Exception$/);
    expect(second).toEqual(['pump-anomaly']);
  });
});

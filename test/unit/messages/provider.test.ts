// An alert says which provider its model lives in when it is not the first one, and names the asset of a
// model per asset; an L4E alert reads as it always has.
import { describe, expect, it } from 'vitest';
import { buildAlertContent } from '../../../lib/core/messages/alert-content.js';
import { severityOf } from '../../../lib/core/severity.js';
import { loadFixture } from './fixtures.js';

const contentOf = (name: string) => {
  const event = loadFixture(name);
  return buildAlertContent(event, severityOf(event));
};

describe('alerts of a second provider', () => {
  it('start their title with IoT SiteWise', () => {
    expect(contentOf('sitewise-run-success').title).toBe('IoT SiteWise: Retraining succeeded');
    expect(contentOf('run-success').title).toBe('Retraining succeeded');
  });

  it('name the asset of a model per asset beside the model, and no asset otherwise', () => {
    // Act
    const perAsset = contentOf('sitewise-decision-activated').fields.map((f) => [f.label, f.value]);
    const computationModel = contentOf('sitewise-run-success').fields.map((f) => f.label);

    // Assess
    expect(perAsset.slice(0, 2)).toEqual([
      ['Model', '4f7c9a2e-3b1d-4e8a-9c6f-2a5b8d1e7f30/b2e8d4a6-9f13-4c57-8e2a-6d0f1c3b5a79'],
      ['Asset', 'b2e8d4a6-9f13-4c57-8e2a-6d0f1c3b5a79'],
    ]);
    expect(computationModel).not.toContain('Asset');
    expect(contentOf('decision-activated').fields.map((f) => f.label)).not.toContain('Asset');
  });
});

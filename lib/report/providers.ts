// The report over every enabled provider: one read-only provider that lists each one's models in turn
// and sends every later read to the provider that has the model.
import type { ModelProvider } from '../ports.js';
import type { ReportProvider } from './gather.js';

type Named = Pick<ModelProvider, 'isModelName'> & ReportProvider;

/**
 * One report provider over `providers`. A model is read from the provider that listed it, or, for a name
 * asked for directly, from the first provider that accepts the name and has the model.
 */
export function reportAcross(providers: readonly Named[]): ReportProvider {
  const [only] = providers;
  if (only !== undefined && providers.length === 1) return only;
  const owner = new Map<string, ReportProvider>();
  const ownerOf = (name: string): ReportProvider | undefined =>
    owner.get(name) ?? providers.find((p) => p.isModelName(name));
  return {
    async *listModelPages() {
      for (const provider of providers) {
        for await (const page of provider.listModelPages()) {
          for (const model of page) owner.set(model.name, provider);
          yield page;
        }
      }
    },
    async describeModel(name) {
      const listed = owner.get(name);
      if (listed !== undefined) return listed.describeModel(name);
      for (const provider of providers.filter((p) => p.isModelName(name))) {
        const model = await provider.describeModel(name);
        if (model !== null) {
          owner.set(name, provider);
          return model;
        }
      }
      return null;
    },
    describeVersion: async (name, version) => (await ownerOf(name)?.describeVersion(name, version)) ?? null,
    describeRetrainingSchedule: async (name) =>
      (await ownerOf(name)?.describeRetrainingSchedule(name)) ?? null,
    listVersions: async (name) => (await ownerOf(name)?.listVersions(name)) ?? [],
    activateVersion: async (name, version) => {
      throw new Error(`the report activates nothing (asked for ${name} v${version})`);
    },
  };
}

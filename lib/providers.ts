// The providers a stage turns on (PROVIDERS), each built once from its module-scope clients, and which of
// them a model ARN belongs to. Which ARN is whose is each provider's own answer (ModelNaming): nothing
// here reads an ARN.
import { ConfigurationError } from './config.js';
import type { ProviderName } from './core/model.js';
import type { ModelProvider } from './ports.js';

/** How to build each provider this build can talk to; each builds over clients made once per container. */
export type ProviderFactories = Partial<Record<ProviderName, () => ModelProvider>>;

export interface EnabledProvider {
  name: ProviderName;
  provider: ModelProvider;
}

/** The enabled providers, built once, in the order PROVIDERS names them. */
export function enabledProviders(
  names: readonly ProviderName[],
  factories: ProviderFactories,
): EnabledProvider[] {
  return names.map((name) => {
    const build = factories[name];
    if (build === undefined) {
      const known = Object.keys(factories).join(', ');
      throw new ConfigurationError(
        `PROVIDERS names ${name}, which this build cannot watch (it can: ${known})`,
      );
    }
    return { name, provider: build() };
  });
}

/** The enabled provider `arn` is the ARN of a model of; null when none of them claims it. */
export function providerOfArn(enabled: readonly EnabledProvider[], arn: string): EnabledProvider | null {
  return enabled.find((entry) => entry.provider.modelNameOf(arn) !== null) ?? null;
}

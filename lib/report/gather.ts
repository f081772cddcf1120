// Gathers the report's data through the provider port and the decision log, for the CLI, the
// dashboard widget and `npm start` alike. No SDK here: callers pass the adapters.
import { mapLimit } from '../concurrency.js';
import type { ModelSummary } from '../core/model.js';
import type { EffectivePolicy } from '../policies.js';
import type { DecisionHistory, ModelNaming, ModelProvider } from '../ports.js';
import {
  type DecisionInput,
  type ModelInput,
  modelReport,
  type PolicyInput,
  summaryReport,
} from './build.js';
import { compareModels } from './health.js';
import { type ModelReport, REPORT_SCHEMA_VERSION, type ReportData } from './model.js';

/** The report only reads what the provider describes; it reads no ARN and activates nothing. */
export type ReportProvider = Omit<ModelProvider, keyof ModelNaming | 'isRetryable'>;

export interface ReportSources {
  provider: ReportProvider;
  /** null when no decision log is configured; the report says so. */
  decisions: DecisionHistory | null;
  /** null when policies cannot be read; the charts then have no thresholds. */
  policy: ((modelName: string) => Promise<EffectivePolicy | null>) | null;
  /** How a policy parameter is named in the report, e.g. "default@3". */
  policyLabel(parameterName: string | null, version: number | null): string;
}

export interface GatherOptions {
  /** Only these models; every model when empty. */
  names?: readonly string[];
  /** Models that get a detail section (worst health first); the rest are overview rows. */
  maxDetails?: number;
  concurrency?: number;
  now: string;
  title?: string;
  source: string;
}

export const DEFAULT_MAX_DETAILS = 50;

export class ModelsNotFoundError extends Error {
  override name = 'ModelsNotFoundError';
  constructor(readonly missing: readonly string[]) {
    super(`model${missing.length === 1 ? '' : 's'} not found: ${missing.join(', ')}`);
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function readDecisions(
  sources: ReportSources,
  modelArn: string,
  notes: string[],
): Promise<DecisionInput[] | null> {
  if (sources.decisions === null) {
    notes.push('Autopilot decisions not shown: no decision log is configured.');
    return null;
  }
  try {
    return await sources.decisions.listDecisions(modelArn);
  } catch (error) {
    notes.push(`Autopilot decisions could not be read (${reason(error)}).`);
    return null;
  }
}

async function readPolicy(
  sources: ReportSources,
  name: string,
  notes: string[],
): Promise<PolicyInput | null> {
  if (sources.policy === null) return null;
  try {
    const effective = await sources.policy(name);
    if (!effective) return null;
    return {
      label: sources.policyLabel(effective.parameterName, effective.version),
      mode: null,
      policy: effective.parsed.ok ? effective.parsed.policy : null,
      errors: effective.parsed.ok ? null : effective.parsed.errors,
    };
  } catch (error) {
    notes.push(`The policy could not be read (${reason(error)}).`);
    return null;
  }
}

async function modelInput(
  sources: ReportSources,
  summary: ModelSummary,
  concurrency: number,
): Promise<ModelInput> {
  const { provider } = sources;
  const name = summary.name;
  const notes: string[] = [];
  const [detail, scheduler] = await Promise.all([
    provider.describeModel(name),
    summary.schedulerStatus === null ? Promise.resolve(null) : provider.describeRetrainingSchedule(name),
  ]);
  const listed = await provider.listVersions(name);
  const described = await mapLimit(listed, concurrency, (v) => provider.describeVersion(name, v.version));
  const versions = described.filter((v) => v !== null);
  // The log is kept per model ARN, so a model deleted and created again starts afresh.
  const decisions = await readDecisions(sources, detail?.arn ?? summary.arn, notes);
  const policy = await readPolicy(sources, name, notes);
  return { summary: detail ?? summary, detail, scheduler, versions, decisions, policy, notes };
}

/** Reads the fleet (or the named models) and builds the report's data. */
export async function gatherReport(sources: ReportSources, options: GatherOptions): Promise<ReportData> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxDetails = Math.max(0, options.maxDetails ?? DEFAULT_MAX_DETAILS);
  const wanted = new Set(options.names ?? []);
  const summaries: ModelSummary[] = [];
  for await (const page of sources.provider.listModelPages()) {
    summaries.push(...page.filter((s) => wanted.size === 0 || wanted.has(s.name)));
  }
  const missing = [...wanted].filter((n) => !summaries.some((s) => s.name === n));
  if (missing.length > 0) throw new ModelsNotFoundError(missing);
  // The worst first, so the cut keeps the models that most need a look.
  const ordered = summaries.map(summaryReport).sort(compareModels);
  const detailed = ordered.slice(0, maxDetails);
  const bySummary = new Map(summaries.map((s) => [s.name, s]));
  const reports = await mapLimit(detailed, concurrency, async (m) => {
    const summary = bySummary.get(m.name) as ModelSummary;
    return modelReport(await modelInput(sources, summary, concurrency), sources.policyLabel);
  });
  const models: ModelReport[] = [...reports, ...ordered.slice(maxDetails)].sort(compareModels);
  const notes =
    ordered.length > detailed.length
      ? [
          `Details are shown for the ${detailed.length} models that most need a look, of ${ordered.length}; ` +
            'the others are in the overview (pass model names, or --details N, for more).',
        ]
      : [];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: options.now,
    title: options.title ?? 'l4e-autopilot — retraining report',
    source: options.source,
    modelCount: ordered.length,
    models,
    notes,
  };
}

// The report of an offline run: the same data-gathering use-case and renderer as the CLI and the
// dashboard widget, read from the emulators (L4E, and IoT SiteWise when the scenario has SiteWise models),
// the local state table and the local SSM.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IoTSiteWiseClient } from '@aws-sdk/client-iotsitewise';
import { LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLookoutProvider } from '../lib/adapters/lookout.js';
import { createParameterSource } from '../lib/adapters/parameters.js';
import { createSiteWiseProvider } from '../lib/adapters/sitewise.js';
import { createDecisionHistory } from '../lib/adapters/state-decisions.js';
import { readEffectivePolicy } from '../lib/policies.js';
import { gatherReport } from '../lib/report/gather.js';
import { renderReportHtml } from '../lib/report/html.js';
import type { ReportData } from '../lib/report/model.js';
import { reportAcross } from '../lib/report/providers.js';
import { L4E_PROVIDER, type LocalSystem } from './system.js';

function emulators(system: LocalSystem): string {
  const l4e = system.providers.includes(L4E_PROVIDER);
  if (system.sitewise === undefined) return 'the L4E emulator';
  return l4e ? 'the L4E and IoT SiteWise emulators' : 'the IoT SiteWise emulator';
}

/**
 * Gathers the report of the run so far. The clients are made here, not at module load, so they read the
 * local endpoints (and the runner's settings) from the environment the local system has set.
 */
export async function gatherRunReport(system: LocalSystem, scenario: string): Promise<ReportData> {
  const lookout = new LookoutEquipmentClient({});
  // Local endpoints: SiteWise without its `api.` host prefix, S3 path-style.
  const sitewise = new IoTSiteWiseClient({ disableHostPrefix: true });
  const s3 = new S3Client({ forcePathStyle: true });
  const providers = [
    ...(system.providers.includes(L4E_PROVIDER) ? [createLookoutProvider(lookout)] : []),
    ...(system.sitewise === undefined ? [] : [createSiteWiseProvider(sitewise, s3)]),
  ];
  const ssm = new SSMClient({});
  const dynamo = new DynamoDBClient({});
  const dynamoClient = DynamoDBDocumentClient.from(dynamo);
  try {
    const parameters = createParameterSource(ssm, { maxAgeSeconds: 0 });
    const base = `${system.parameterPrefix}/policies/`;
    return await gatherReport(
      {
        provider: reportAcross(providers),
        decisions: createDecisionHistory(dynamoClient, { tableName: system.env.STATE_TABLE_NAME ?? '' }),
        policy: (name) => readEffectivePolicy(parameters, system.parameterPrefix, name),
        policyLabel: (name, version) => {
          if (!name) return '–';
          const short = name.startsWith(base) ? name.slice(base.length) : name;
          return version === null ? short : `${short}@${version}`;
        },
      },
      {
        now: new Date(system.now()).toISOString(),
        source: `scenario ${scenario} (offline run against ${emulators(system)})`,
      },
    );
  } finally {
    lookout.destroy();
    sitewise.destroy();
    s3.destroy();
    ssm.destroy();
    dynamo.destroy();
  }
}

/** Writes the run's report as one HTML file; returns its absolute path. */
export async function writeRunReport(system: LocalSystem, scenario: string, path: string): Promise<string> {
  const data = await gatherRunReport(system, scenario);
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderReportHtml(data));
  return file;
}

// CloudWatch dashboard custom widget: the version-timeline report as HTML, for the fleet or one model,
// over every enabled provider (PROVIDERS).
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createParameterSource } from '../lib/adapters/parameters.js';
import { createDecisionHistory } from '../lib/adapters/state-decisions.js';
import { dynamoClient } from '../lib/clients/dynamodb.js';
import { PROVIDER_FACTORIES } from '../lib/clients/providers.js';
import { ssmClient } from '../lib/clients/ssm.js';
import { readReportWidgetConfig } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { readEffectivePolicy } from '../lib/policies.js';
import { enabledProviders } from '../lib/providers.js';
import type { ReportSources } from '../lib/report/gather.js';
import { reportAcross } from '../lib/report/providers.js';
import { renderWidget } from '../lib/report/widget.js';

const config = readReportWidgetConfig();
const logger = createLogger('report-widget');
const parameters = createParameterSource(ssmClient, { maxAgeSeconds: config.parameterCacheSeconds });
const policyBase = `${config.parameterPrefix}/policies/`;

const sources: ReportSources = {
  provider: reportAcross(enabledProviders(config.providers, PROVIDER_FACTORIES).map((e) => e.provider)),
  decisions: createDecisionHistory(dynamoClient, { tableName: config.stateTableName }),
  policy: (name) => readEffectivePolicy(parameters, config.parameterPrefix, name),
  policyLabel: (name, version) => {
    if (!name) return '–';
    const short = name.startsWith(policyBase) ? name.slice(policyBase.length) : name;
    return version === null ? short : `${short}@${version}`;
  },
};

export async function reportWidget(event: unknown): Promise<string> {
  return renderWidget(sources, event, { now: new Date().toISOString(), source: config.region });
}

export const handler = middy(reportWidget).use(injectLambdaContext(logger));

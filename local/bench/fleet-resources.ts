// What a deployment creates, read from what is deployed: the packaged stack template (`osls package`) and
// the spoke roles template (infra/spoke-roles.yml, one StackSet instance per member account), counted per
// resource type, and the event source mapping's batch size and maximum concurrency the hub's poller has.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseCloudFormationYaml } from '../aws/index.js';

export const TEMPLATE_FILE = 'cloudformation-template-update-stack.json';

export interface TemplateResources {
  /** Resources per CloudFormation type. */
  byType: Record<string, number>;
  total: number;
  /** Resources created only under a condition (e.g. the SiteWise statements of the spoke roles). */
  conditional: number;
}

/** The SQS event source mapping of a function, as the template sets it. */
export interface EventSourceSettings {
  functionLogicalId: string;
  batchSize: number;
  /** ScalingConfig.MaximumConcurrency: the most poller invocations at once. */
  maximumConcurrency: number | null;
}

export interface DeployedResources {
  stack: TemplateResources;
  spokeRoles: TemplateResources;
  /** Scheduled rules of the stack (poll-models', the dispatcher's) with their expressions. */
  schedules: string[];
  eventSources: EventSourceSettings[];
}

type Resource = { Type?: unknown; Condition?: unknown; Properties?: Record<string, unknown> };

function resourcesOf(template: unknown, source: string): Record<string, Resource> {
  const resources = (template as { Resources?: unknown } | null)?.Resources;
  if (typeof resources !== 'object' || resources === null) {
    throw new Error(`${source} has no Resources section`);
  }
  return resources as Record<string, Resource>;
}

export function countResources(template: unknown, source = 'template'): TemplateResources {
  const byType: Record<string, number> = {};
  let conditional = 0;
  const resources = Object.values(resourcesOf(template, source));
  for (const resource of resources) {
    const type = String(resource.Type);
    byType[type] = (byType[type] ?? 0) + 1;
    if (resource.Condition !== undefined) conditional += 1;
  }
  return { byType, total: resources.length, conditional };
}

function eventSourcesOf(template: unknown): EventSourceSettings[] {
  return Object.values(resourcesOf(template, 'stack template'))
    .filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping')
    .map((r) => {
      const p = r.Properties ?? {};
      const fn = p.FunctionName as { 'Fn::GetAtt'?: unknown[] } | undefined;
      const scaling = p.ScalingConfig as { MaximumConcurrency?: unknown } | undefined;
      return {
        functionLogicalId: String(fn?.['Fn::GetAtt']?.[0] ?? p.FunctionName),
        // Lambda's default for an SQS source when the template sets none.
        batchSize: typeof p.BatchSize === 'number' ? p.BatchSize : 10,
        maximumConcurrency:
          typeof scaling?.MaximumConcurrency === 'number' ? scaling.MaximumConcurrency : null,
      };
    });
}

function schedulesOf(template: unknown): string[] {
  return Object.values(resourcesOf(template, 'stack template'))
    .map((r) => r.Properties?.ScheduleExpression)
    .filter((e): e is string => typeof e === 'string');
}

/** The packaged stack (`templateFile`) and the project's spoke roles template, counted. */
export function deployedResources(root: string, templateFile: string): DeployedResources {
  const stack = JSON.parse(readFileSync(templateFile, 'utf8')) as unknown;
  const spokeFile = join(root, 'infra', 'spoke-roles.yml');
  const spoke = parseCloudFormationYaml(readFileSync(spokeFile, 'utf8'), spokeFile);
  return {
    stack: countResources(stack, templateFile),
    spokeRoles: countResources(spoke, spokeFile),
    schedules: schedulesOf(stack),
    eventSources: eventSourcesOf(stack),
  };
}

const run = promisify(execFile);

/**
 * `osls package` of the project into its .serverless/ (no credentials needed), for the stage `stage`;
 * the path of the template it wrote. The zips of section 3 are rewritten with it.
 */
export async function packageStack(root: string, stage = 'bench'): Promise<string> {
  await run('npx', ['osls', 'package', '--stage', stage, '--region', 'us-east-1'], {
    cwd: root,
    timeout: 300_000,
  });
  return join(root, '.serverless', TEMPLATE_FILE);
}

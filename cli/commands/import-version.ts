// `import-version SOURCE_ARN --dataset NAME`: bring a model version from another model or account.
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { CliRuntime } from '../context.js';
import { formatVersion } from '../format.js';
import type { ImportJson } from '../shapes.js';
import {
  parseImportStrategy,
  parseModelName,
  parseName,
  parseRoleArn,
  parseVersionArn,
} from '../validate.js';

interface ImportOptions {
  dataset: string;
  model?: string;
  inferenceData?: string;
  roleArn?: string;
  kmsKeyId?: string;
  labelGroup?: string;
  clientToken?: string;
  json?: boolean;
}

export function registerImportVersion(program: Command, runtime: CliRuntime): void {
  program
    .command('import-version')
    .description('import a model version (from another model, region or account) into a model')
    .argument('<source-arn>', 'ARN of the model version to import')
    .requiredOption('--dataset <name>', 'dataset the imported model is attached to')
    .option('--model <name>', 'target model (default: L4E names it after the source)')
    .option(
      '--inference-data <strategy>',
      'OVERWRITE, ADD_WHEN_EMPTY or NO_IMPORT of the accumulated inference data',
    )
    .option('--role-arn <arn>', 'IAM role L4E uses to read the label data')
    .option('--kms-key-id <key>', 'KMS key for the imported model')
    .option('--label-group <name>', 'label group for the imported model')
    .option('--client-token <token>', 'idempotency token (default: a new UUID)')
    .option('--json', 'print JSON: { modelName, modelArn, version, versionArn, status }')
    .action(async (sourceArg: string, options: ImportOptions, command: Command) => {
      const input = {
        sourceVersionArn: parseVersionArn(sourceArg),
        datasetName: parseName(options.dataset, 'dataset name'),
        clientToken: options.clientToken ?? randomUUID(),
        ...(options.model !== undefined ? { modelName: parseModelName(options.model) } : {}),
        ...(options.inferenceData !== undefined
          ? { inferenceDataImportStrategy: parseImportStrategy(options.inferenceData) }
          : {}),
        ...(options.roleArn !== undefined ? { roleArn: parseRoleArn(options.roleArn) } : {}),
        ...(options.kmsKeyId !== undefined ? { kmsKeyId: options.kmsKeyId } : {}),
        ...(options.labelGroup !== undefined
          ? { labelGroupName: parseName(options.labelGroup, 'label group name') }
          : {}),
      };
      const ctx = runtime.context(command);
      const imported = await ctx.lookout.importVersion(input);
      const view: ImportJson = { ...imported };
      if (options.json) ctx.json(view);
      else {
        ctx.print(
          `importing into ${imported.modelName} as ${formatVersion(imported.version)} (${imported.status}); follow it with \`l4e-autopilot versions ${imported.modelName}\``,
        );
      }
    });
}

'use strict';
// The EventBridge Schema Registry for the event contract, generated at package time from
// events/schemas/*.json: the registry publishes exactly the schemas the tests hold every event to,
// and can never drift from them. Used from serverless.yml as a `resources` entry:
// `${file(./infra/schema-resources.cjs)}` (CommonJS: Serverless loads it with require).
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const EVENT_SOURCE = 'l4e.autopilot';
const SCHEMA_DIR = join(__dirname, '..', 'events', 'schemas');
const REGISTRY_LOGICAL_ID = 'EventSchemaRegistry';

class SchemaResourcesError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'SchemaResourcesError';
  }
}

/** "Scheduled Retraining State Change" → "ScheduledRetrainingStateChange". */
function pascalCase(text) {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** Every schema file, in name order, with the detail type its `title` declares. */
function readSchemas(dir = SCHEMA_DIR) {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new SchemaResourcesError(`no JSON Schemas in ${dir}`);
  return files.map((file) => {
    let schema;
    try {
      schema = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new SchemaResourcesError(`events/schemas/${file} is not valid JSON`, { cause: error });
    }
    const detailType = schema === null || typeof schema !== 'object' ? undefined : schema.title;
    if (typeof detailType !== 'string' || detailType.trim() === '') {
      throw new SchemaResourcesError(`events/schemas/${file} has no title naming its detail type`);
    }
    return { file, detailType, schema };
  });
}

/** `{ Resources }` for one registry and one draft-04 schema per file. */
function schemaResources({ registryName, dir = SCHEMA_DIR }) {
  const resources = {
    [REGISTRY_LOGICAL_ID]: {
      Type: 'AWS::EventSchemas::Registry',
      Properties: {
        RegistryName: registryName,
        Description: `JSON Schemas of the ${EVENT_SOURCE} events on the ${registryName} bus`,
      },
    },
  };
  for (const { file, detailType, schema } of readSchemas(dir)) {
    const name = pascalCase(detailType);
    const logicalId = `EventSchema${name}`;
    if (resources[logicalId] !== undefined) {
      throw new SchemaResourcesError(`two schema files describe the detail type "${detailType}"`);
    }
    resources[logicalId] = {
      Type: 'AWS::EventSchemas::Schema',
      Properties: {
        RegistryName: { 'Fn::GetAtt': [REGISTRY_LOGICAL_ID, 'RegistryName'] },
        // The name EventBridge schema discovery would give it: <source>@<DetailType>.
        SchemaName: `${EVENT_SOURCE}@${name}`,
        Type: 'JSONSchemaDraft4',
        Description: `${detailType} (events/schemas/${file})`,
        Content: JSON.stringify(schema),
      },
    };
  }
  return { Resources: resources };
}

async function resolveSchemaResources({ resolveVariable }) {
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  return schemaResources({ registryName: `${service}-${stage}` });
}

module.exports = resolveSchemaResources;
module.exports.schemaResources = schemaResources;
module.exports.readSchemas = readSchemas;
module.exports.SchemaResourcesError = SchemaResourcesError;
module.exports.REGISTRY_LOGICAL_ID = REGISTRY_LOGICAL_ID;

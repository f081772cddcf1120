// The SDK's "upgrade to Node 22" notice is switched off for the tests through the SDK's documented
// variable (vitest.config.mts), and only that notice: other warnings still reach the output.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import config from '../../../vitest.config.mjs';

const MAKE_CLIENT = [
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "new DynamoDBClient({ region: 'us-east-1' });",
  "process.emitWarning('another warning');",
].join('\n');
const nodeMajor = Number(process.versions.node.split('.')[0]);

function makeClient(env: Record<string, string | undefined>) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', MAKE_CLIENT], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH, ...env },
  });
}

describe('the output of npm test', () => {
  it.skipIf(nodeMajor >= 22)('would carry the SDK notice on this Node without the switch', () => {
    // Act
    const result = makeClient({});

    // Assess
    expect(result.stderr).toMatch(/NodeVersionSupportWarning/);
  });

  it('carries no SDK notice with the switch the test configuration sets, and still other warnings', () => {
    // Prepare
    const env = (config as { test?: { env?: Record<string, string> } }).test?.env ?? {};

    // Act
    const result = makeClient(env);

    // Assess
    expect(env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/NodeVersionSupportWarning/);
    expect(result.stderr).toMatch(/Warning: another warning/);
  });
});

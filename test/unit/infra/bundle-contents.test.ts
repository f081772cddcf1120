// How scripts/bundle-contents.mjs groups a bundle's inputs.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { packageOf } from '../../../scripts/bundle-contents.mjs';

describe('bundle-contents', () => {
  it.each([
    ['node_modules/@smithy/core/dist-es/submodules/protocols/HttpProtocol.js', '@smithy/core'],
    ['node_modules/zod/v4/classic/schemas.js', 'zod'],
    ['node_modules/@aws-sdk/lib-dynamodb/node_modules/@aws-sdk/core/dist-es/index.js', '@aws-sdk/core'],
    ['lib/core/transitions.ts', 'lib/core'],
    ['functions/notify.ts', 'functions/notify.ts'],
  ])('counts %s under %s', (input, name) => {
    // Assess
    expect(packageOf(input)).toBe(name);
  });
});

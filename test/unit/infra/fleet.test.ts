// infra/fleet.cjs: the fleet's stage parameters, checked as `osls package` resolves them.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

interface FleetSettings {
  concurrency: number;
  readerRoleName: string;
  activatorRoleName: string;
  discovery: 'true' | 'false';
}
type Resolver = (context: {
  resolveVariable: (variable: string) => Promise<unknown>;
}) => Promise<FleetSettings>;

// CommonJS so that Serverless can require it; its shape is declared here.
const require = createRequire(import.meta.url);
const fleet = require('../../../infra/fleet.cjs') as Resolver & {
  fleetSettings: (concurrency: unknown, prefix: unknown, discovery?: unknown) => FleetSettings;
};

describe('the fleet stage parameters', () => {
  it('give the event source its concurrency and the spoke roles their names', async () => {
    // Prepare
    const params: Record<string, unknown> = {
      'param:fleetConcurrency': '5',
      'param:spokeRoleNamePrefix': 'acme-l4e',
      'param:fleetDiscovery': 'true',
    };

    // Act
    const settings = await fleet({ resolveVariable: async (variable) => params[variable] });

    // Assess
    expect(settings).toEqual({
      concurrency: 5,
      readerRoleName: 'acme-l4e-reader',
      activatorRoleName: 'acme-l4e-activator',
      discovery: 'true',
    });
  });

  it.each([
    [false, 'false'],
    ['false', 'false'],
    [true, 'true'],
    [' true ', 'true'],
  ])('takes fleetDiscovery %j as %s', (value, expected) => {
    expect(fleet.fleetSettings(5, 'l4e-autopilot', value).discovery).toBe(expected);
  });

  it.each(['', 'yes', '1', 'TRUE', undefined])('refuses fleetDiscovery %j', (value) => {
    expect(() => fleet.fleetSettings(5, 'l4e-autopilot', value)).toThrow(
      /fleetDiscovery must be true or false/,
    );
  });

  it.each([2, 1000, '17'])('takes fleetConcurrency %s', (value) => {
    expect(fleet.fleetSettings(value, 'l4e-autopilot', false).concurrency).toBe(Number(value));
  });

  it.each([1, 1001, '2.5', '', 'five', undefined])('refuses fleetConcurrency %s', (value) => {
    expect(() => fleet.fleetSettings(value, 'l4e-autopilot', false)).toThrow(
      /fleetConcurrency must be a whole number from 2 to 1000/,
    );
  });

  it.each(['', 'a'.repeat(55), 'has space', 'x*'])('refuses spokeRoleNamePrefix %j', (value) => {
    expect(() => fleet.fleetSettings(5, value, false)).toThrow(
      /spokeRoleNamePrefix must be 1 to 54 characters/,
    );
  });
});

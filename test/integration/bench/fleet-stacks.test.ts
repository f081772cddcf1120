// The fleet benchmark's world and its baseline: T targets seeded in their own accounts and regions of one
// emulator, and T separate stacks polling them with their own credentials, one ListModels per idle cycle.
import { ListModelsCommand } from '@aws-sdk/client-lookoutequipment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StacksRig, startStacks } from '../../../local/bench/fleet-stacks.js';
import {
  accountsOf,
  type FleetWorld,
  fleetTargets,
  MODELS_PER_TARGET,
  startFleetWorld,
} from '../../../local/bench/fleet-world.js';

const TARGETS = 10;
let world: FleetWorld;
let stacks: StacksRig;

beforeAll(async () => {
  world = await startFleetWorld(TARGETS);
  stacks = await startStacks(world);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('the fleet benchmark world', () => {
  it('spreads T targets over ⌈T/4⌉ accounts, four regions each, all distinct', () => {
    // Act
    const targets = fleetTargets(TARGETS);
    // Assess
    expect(new Set(targets.map((t) => t.key)).size).toBe(TARGETS);
    expect(accountsOf(targets)).toHaveLength(3);
    expect(targets.slice(0, 4).map((t) => t.region)).toEqual([
      'us-east-1',
      'eu-west-1',
      'ap-southeast-2',
      'us-west-2',
    ]);
  });

  it('seeds every target with its own trained models, under its account and region', async () => {
    // Act
    const listed = await Promise.all(
      world.targets.map((t) => world.accountClient(t).send(new ListModelsCommand({}))),
    );
    // Assess
    world.targets.forEach((target, i) => {
      const models = listed[i]?.ModelSummaries ?? [];
      expect(models).toHaveLength(MODELS_PER_TARGET);
      for (const m of models) {
        expect(m.ModelArn).toContain(`:lookoutequipment:${target.region}:${target.account}:model/`);
        expect(m.Status).toBe('SUCCESS');
      }
    });
  });

  it('T separate stacks describe every model once, then make one ListModels each per idle cycle', async () => {
    // Act
    const first = await stacks.cycle('first');
    world.harness.emulator.advance('PT5M');
    const idle = await stacks.cycle('idle');
    // Assess
    expect(first.observed).toBe(TARGETS * MODELS_PER_TARGET);
    expect(first.l4eCalls.ListModels).toBe(TARGETS);
    expect(idle.invocations).toBe(TARGETS);
    expect(idle.observed).toBe(0);
    expect(idle.l4eCalls).toEqual({ ListModels: TARGETS });
    expect(idle.cycleMs).toHaveLength(TARGETS);
  });
});

import { describe, expect, it } from 'vitest';
import { CallStats, FaultInjector } from '../../../local/emulator/faults.js';

const sequence = (injector: FaultInjector, operation: string, count: number): string[] =>
  Array.from({ length: count }, () => injector.decide(operation).fault);

describe('FaultInjector', () => {
  it('draws the same faults for the same seed, per operation, whatever other operations do', () => {
    // Prepare
    const config = { seed: 7, default: { throttle: 0.2, error5xx: 0.1 } };
    const alone = new FaultInjector();
    const interleaved = new FaultInjector();
    alone.configure(config);
    interleaved.configure(config);

    // Act
    const first = sequence(alone, 'ListModels', 200);
    const second: string[] = [];
    for (let i = 0; i < 200; i++) {
      interleaved.decide('DescribeModel');
      second.push(interleaved.decide('ListModels').fault);
    }

    // Assess
    expect(second).toEqual(first);
    const throttled = first.filter((f) => f === 'throttle').length;
    const errors = first.filter((f) => f === 'error').length;
    expect(throttled).toBeGreaterThan(20);
    expect(throttled).toBeLessThan(60);
    expect(errors).toBeGreaterThan(5);
    expect(errors).toBeLessThan(40);
  });

  it('lets an operation rule override the default and adds latency', () => {
    // Prepare
    const injector = new FaultInjector();
    injector.configure({
      default: { throttle: 1, latencyMs: 5 },
      operations: { ListModels: { throttle: 0, latencyMs: 40 } },
    });

    // Act
    const listed = injector.decide('ListModels');
    const described = injector.decide('DescribeModel');

    // Assess
    expect(listed).toEqual({ fault: 'none', latencyMs: 40 });
    expect(described).toEqual({ fault: 'throttle', latencyMs: 5 });
  });

  it('fails the next N calls of an operation, and of any operation by default', () => {
    // Prepare
    const injector = new FaultInjector();
    injector.configure({ default: { failNext: 1 }, operations: { ListModels: { failNext: 2 } } });

    // Act
    const listed = sequence(injector, 'ListModels', 3);
    const other = sequence(injector, 'DescribeModel', 2);

    // Assess
    expect(listed).toEqual(['throttle', 'throttle', 'throttle']);
    expect(other).toEqual(['none', 'none']);
    expect(injector.config()).toEqual({
      default: { failNext: 1 },
      operations: { ListModels: { failNext: 2 } },
    });
  });
});

describe('CallStats', () => {
  it('counts calls and faults per operation and resets', () => {
    // Prepare
    const stats = new CallStats();

    // Act
    stats.count('ListModels');
    stats.count('ListModels');
    stats.fault('ListModels', 'throttle');
    stats.fault('ListModels', 'error');
    const snapshot = stats.snapshot();
    stats.reset();

    // Assess
    expect(snapshot).toEqual({
      calls: { ListModels: 2 },
      faults: { ListModels: { throttled: 1, errors: 1 } },
    });
    expect(stats.snapshot()).toEqual({ calls: {}, faults: {} });
  });
});

import { describe, expect, it } from 'vitest';
import { ClockError, SimClock } from '../../../local/emulator/clock.js';
import { EventQueue } from '../../../local/emulator/event-queue.js';

describe('EventQueue', () => {
  it('pops events in time order, ties in insertion order, and only those due', () => {
    // Prepare
    const queue = new EventQueue<string>();
    for (const [at, name] of [
      [30, 'c'],
      [10, 'a1'],
      [20, 'b'],
      [10, 'a2'],
      [50, 'late'],
    ] as const)
      queue.push(at, name);

    // Act
    const due: string[] = [];
    for (let event = queue.popDue(30); event !== undefined; event = queue.popDue(30)) due.push(event.value);

    // Assess
    expect(due).toEqual(['a1', 'a2', 'b', 'c']);
    expect(queue.size).toBe(1);
    expect(queue.peekTime()).toBe(50);
  });

  it('stays ordered over many random insertions', () => {
    // Prepare
    const queue = new EventQueue<number>();
    const times = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 10007);
    for (const t of times) queue.push(t, t);

    // Act
    const popped: number[] = [];
    for (
      let event = queue.popDue(Number.POSITIVE_INFINITY);
      event !== undefined;
      event = queue.popDue(Number.POSITIVE_INFINITY)
    ) {
      popped.push(event.at);
    }

    // Assess
    expect(popped).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('SimClock', () => {
  it('only moves when told to at speed 0 and never goes backwards', () => {
    // Prepare
    let real = 0;
    const clock = new SimClock(1_000, 0, () => real);

    // Act
    real = 5_000;
    const still = clock.now();
    clock.advance(500);
    clock.setTime(2_000);

    // Assess
    expect(still).toBe(1_000);
    expect(clock.now()).toBe(2_000);
    expect(() => clock.setTime(1_999)).toThrow(ClockError);
    expect(() => clock.advance(-1)).toThrow(ClockError);
  });

  it('runs at real time × speed from the last time it was set', () => {
    // Prepare
    let real = 100;
    const clock = new SimClock(0, 60, () => real);

    // Act
    real = 1_100;
    const afterOneSecond = clock.now();
    clock.advance(1_000);
    real = 1_600;

    // Assess
    expect(afterOneSecond).toBe(60_000);
    expect(clock.now()).toBe(61_000 + 30_000);
  });
});

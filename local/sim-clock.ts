// Runs the product's unmodified handlers on simulated time: `Date.now()` and `new Date()` read the
// emulator's clock while this is installed. Timers (setTimeout) keep real time, so retries and
// backoffs still wait as they would.

export function installSimulatedClock(now: () => number): () => void {
  const RealDate = Date;
  const SimulatedDate = new Proxy(RealDate, {
    construct(target, args: unknown[], newTarget) {
      const built =
        args.length === 0
          ? new target(now())
          : new target(...(args as ConstructorParameters<DateConstructor>));
      // Subclasses of Date (rare) keep their own prototype.
      if (newTarget !== SimulatedDate) Object.setPrototypeOf(built, newTarget.prototype);
      return built;
    },
    apply() {
      return new RealDate(now()).toString();
    },
    get(target, property, receiver) {
      if (property === 'now') return now;
      return Reflect.get(target, property, receiver);
    },
  });
  globalThis.Date = SimulatedDate;
  return () => {
    globalThis.Date = RealDate;
  };
}

// Discrete-event queue: a binary min-heap ordered by (time, insertion order), so events due at the same
// instant run in the order they were scheduled and a year of a large fleet stays O(n log n).

interface Entry<T> {
  at: number;
  seq: number;
  value: T;
}

export class EventQueue<T> {
  readonly #heap: Array<Entry<T>> = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(at: number, value: T): void {
    this.#heap.push({ at, seq: this.#seq++, value });
    this.#siftUp(this.#heap.length - 1);
  }

  peekTime(): number | undefined {
    return this.#heap[0]?.at;
  }

  /** Removes and returns the earliest event due at or before `limit`, if any. */
  popDue(limit: number): { at: number; value: T } | undefined {
    const top = this.#heap[0];
    if (top === undefined || top.at > limit) return undefined;
    const last = this.#heap.pop() as Entry<T>;
    if (this.#heap.length > 0) {
      this.#heap[0] = last;
      this.#siftDown(0);
    }
    return { at: top.at, value: top.value };
  }

  clear(): void {
    this.#heap.length = 0;
  }

  #less(a: number, b: number): boolean {
    const x = this.#heap[a] as Entry<T>;
    const y = this.#heap[b] as Entry<T>;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  #swap(a: number, b: number): void {
    const tmp = this.#heap[a] as Entry<T>;
    this.#heap[a] = this.#heap[b] as Entry<T>;
    this.#heap[b] = tmp;
  }

  #siftUp(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #siftDown(index: number): void {
    let i = index;
    const n = this.#heap.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.#less(left, smallest)) smallest = left;
      if (right < n && this.#less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }
}

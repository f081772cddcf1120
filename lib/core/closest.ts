// "Did you mean …?" for names a person typed: the nearest candidate by edit distance. Pure.

/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The candidate nearest to `typed`, when it is at most `maxDistance` edits away. */
export function closestMatch(
  typed: string,
  candidates: readonly string[],
  maxDistance = 3,
): string | undefined {
  const best = candidates
    .map((candidate) => ({ candidate, distance: editDistance(typed, candidate) }))
    .sort((x, y) => x.distance - y.distance)[0];
  return best !== undefined && best.distance <= maxDistance ? best.candidate : undefined;
}

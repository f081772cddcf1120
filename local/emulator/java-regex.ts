// The service model states its patterns as Java regular expressions, matched against the whole value.
// JavaScript needs them anchored and, with the `u` flag (required for \p{...} classes), refuses escapes
// of characters that are not syntax characters (\- \_ \: outside a character class).

const SYNTAX_CHARACTERS = new Set([
  '^',
  '$',
  '\\',
  '.',
  '*',
  '+',
  '?',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '|',
  '/',
]);

export function translateJavaPattern(javaPattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < javaPattern.length; i++) {
    const ch = javaPattern[i] as string;
    if (ch === '\\') {
      const next = javaPattern[i + 1] ?? '';
      i++;
      const keep = /[A-Za-z0-9]/.test(next) || SYNTAX_CHARACTERS.has(next) || (inClass && next === '-');
      out += keep ? `\\${next}` : next;
      continue;
    }
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    out += ch;
  }
  return out;
}

/** Compiles a Java pattern for whole-value matching, as the service applies it. */
export function compileJavaPattern(javaPattern: string): RegExp {
  return new RegExp(`^(?:${translateJavaPattern(javaPattern)})$`, 'u');
}

// Confirmation before a change: one line from stdin, "y" or "yes" proceeds; anything else, including
// end of input, declines.
import type { Input, Output } from './context.js';

export function isYes(answer: string): boolean {
  return /^(y|yes)$/i.test(answer.trim());
}

export async function readLine(input: Input): Promise<string | null> {
  input.setEncoding?.('utf8');
  let buffered = '';
  for await (const chunk of input) {
    buffered += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const end = buffered.indexOf('\n');
    if (end >= 0) return buffered.slice(0, end).replace(/\r$/, '');
  }
  return buffered === '' ? null : buffered;
}

export async function confirm(question: string, input: Input, output: Output): Promise<boolean> {
  output.write(`${question} [y/N] `);
  const answer = await readLine(input);
  if (answer === null) output.write('\n');
  return answer !== null && isYes(answer);
}

import { describe, expect, it } from 'vitest';
import { targetProgress } from '../../../cli/fleet.js';

function stderr(isTTY: boolean): {
  written: string[];
  output: { write(text: string): number; isTTY: boolean };
} {
  const written: string[] = [];
  return { written, output: { write: (text: string) => written.push(text), isTTY } };
}

describe('targetProgress', () => {
  it('rewrites one stderr line per finished target on a terminal, and clears it at the end', () => {
    // Prepare
    const { written, output } = stderr(true);

    // Act
    const shown = targetProgress(output, 2);
    shown.step();
    shown.step();
    shown.done();

    // Assert
    expect(written).toEqual([
      '\r\u001b[2Kreading targets: 0/2',
      '\r\u001b[2Kreading targets: 1/2',
      '\r\u001b[2Kreading targets: 2/2',
      '\r\u001b[2K',
    ]);
  });

  it('writes nothing when stderr is not a terminal (logs and pipes)', () => {
    // Prepare
    const { written, output } = stderr(false);

    // Act
    const shown = targetProgress(output, 3);
    shown.step();
    shown.done();

    // Assert
    expect(written).toEqual([]);
  });
});

// npm run bench [-- --quick] [-- --out FILE] [-- --work-dir DIR]: prints the markdown report on stdout,
// progress on stderr.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderReport } from './report.js';
import { FULL_PLAN, QUICK_PLAN, runBench } from './run.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    'work-dir': { type: 'string' },
  },
  strict: true,
});

const began = performance.now();
const result = await runBench({
  plan: values.quick ? QUICK_PLAN : FULL_PLAN,
  root,
  workDir: resolve(values['work-dir'] ?? join(root, '.tmp', 'bench')),
  progress: (message) => {
    process.stderr.write(
      `[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}\n`,
    );
  },
});
const report = renderReport(result);
if (values.out) writeFileSync(values.out, report);
process.stdout.write(report);

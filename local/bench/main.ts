// npm run bench [-- --quick] [-- --out FILE] [-- --work-dir DIR] [-- --sitewise]: writes the markdown
// report to FILE (else to stdout), progress to stderr; --sitewise measures and writes section 4 alone.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderReport } from './report.js';
import { siteWiseSection } from './report-sitewise.js';
import { benchSiteWisePlan, FULL_PLAN, QUICK_PLAN, runBench } from './run.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    'work-dir': { type: 'string' },
    sitewise: { type: 'boolean', default: false },
  },
  strict: true,
});

// The functions target nodejs22.x; the SDK's notice about Node 22 on an older local Node is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const began = performance.now();
const plan = values.quick ? QUICK_PLAN : FULL_PLAN;
const progress = (message: string): void => {
  process.stderr.write(
    `[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}\n`,
  );
};
const report = values.sitewise
  ? `${siteWiseSection(await benchSiteWisePlan(plan, progress)).join('\n')}\n`
  : renderReport(
      await runBench({
        plan,
        root,
        workDir: resolve(values['work-dir'] ?? join(root, '.tmp', 'bench')),
        progress,
      }),
    );
if (values.out) {
  // The file holds only the report; `npm run` prints its own header on stdout, so a redirect would not.
  writeFileSync(values.out, report);
  process.stderr.write(`report written to ${values.out}\n`);
} else {
  process.stdout.write(report);
}

// npm run bench [-- --quick] [-- --out FILE] [-- --work-dir DIR] [-- --sitewise] [-- --fleet]
// [-- --fleet-max T] [-- --fleet-min T] [-- --template FILE]: writes the markdown report to FILE (else to stdout), progress to
// stderr; --sitewise measures and writes section 4 alone, --fleet section 5 alone (fleets of at most
// --fleet-max and at least --fleet-min targets), over the template --template names or one `osls package` writes first.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packageStack } from './fleet-resources.js';
import { renderReport } from './report.js';
import { fleetSection } from './report-fleet.js';
import { siteWiseSection } from './report-sitewise.js';
import { benchFleetPlan, benchSiteWisePlan, FULL_PLAN, QUICK_PLAN, runBench } from './run.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    'work-dir': { type: 'string' },
    sitewise: { type: 'boolean', default: false },
    fleet: { type: 'boolean', default: false },
    'fleet-max': { type: 'string' },
    'fleet-min': { type: 'string' },
    template: { type: 'string' },
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
function targetsOption(name: 'fleet-max' | 'fleet-min'): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(Number.isInteger(value) && value > 0)) {
    throw new Error(`--${name} takes a whole number of targets, got ${text}`);
  }
  return value;
}
const fleetMax = targetsOption('fleet-max');
const fleetMin = targetsOption('fleet-min');
/** The packaged template section 5 reads: --template, or the one `osls package` writes now. */
async function templateFile(): Promise<string> {
  if (values.template) return resolve(values.template);
  progress('packaging the stack (osls package) for its template');
  return packageStack(root);
}
const fleetOptions = async () => ({
  templateFile: await templateFile(),
  ...(fleetMax === undefined ? {} : { maxTargets: fleetMax }),
  ...(fleetMin === undefined ? {} : { minTargets: fleetMin }),
});

async function measure(): Promise<string> {
  if (values.sitewise) return `${siteWiseSection(await benchSiteWisePlan(plan, progress)).join('\n')}\n`;
  if (values.fleet) {
    const fleet = await benchFleetPlan(plan, { root, ...(await fleetOptions()), progress });
    return `${fleetSection(fleet).join('\n')}\n`;
  }
  return renderReport(
    await runBench({
      plan,
      root,
      workDir: resolve(values['work-dir'] ?? join(root, '.tmp', 'bench')),
      progress,
      fleet: await fleetOptions(),
    }),
  );
}
const report = await measure();
if (values.out) {
  // The file holds only the report; `npm run` prints its own header on stdout, so a redirect would not.
  writeFileSync(values.out, report);
  process.stderr.write(`report written to ${values.out}\n`);
} else {
  process.stdout.write(report);
}

// The report as a CloudWatch dashboard custom widget: the dashboard calls the function with the
// widget's parameters and a `widgetContext`, and shows the HTML it returns. One model
// (`{"model": "pump-a"}`) or a page of the fleet overview (`{"page": 2}`).
import * as z from 'zod/mini';
import { type GatherOptions, gatherReport, ModelsNotFoundError, type ReportSources } from './gather.js';
import { renderReportHtml } from './html.js';
import { esc } from './svg.js';

// zod/mini loads no locale, so each check says what it wants in its own words.
const whole = (max: number) =>
  z.optional(
    z.pipe(
      z.coerce.number('expected a number'),
      z
        .int('expected a whole number')
        .check(z.minimum(1, 'expected at least 1'), z.maximum(max, `expected at most ${max}`)),
    ),
  );
const text = z.optional(z.string('expected a string'));
const number = z.optional(z.number('expected a number'));

/** What the dashboard sends; unknown keys are kept (the dashboard adds new context over time). */
export const widgetRequestSchema = z.looseObject({
  /** Sent when someone opens the widget's documentation in the console. */
  describe: z.optional(z.boolean('expected true or false')),
  model: z.optional(
    z
      .string('expected a model name')
      .check(z.minLength(1, 'expected a model name'), z.maxLength(200, 'expected at most 200 characters')),
  ),
  page: whole(10_000),
  pageSize: whole(200),
  widgetContext: z.optional(
    z.looseObject({
      dashboardName: text,
      widgetId: text,
      accountId: text,
      width: number,
      height: number,
    }),
  ),
});

export type WidgetRequest = z.infer<typeof widgetRequestSchema>;

export const WIDGET_DOCUMENTATION = `## l4e-autopilot report

Shows the retraining fleet of this account and region, worst health first, or one model's version
timeline with its metrics against the policy.

\`\`\` yaml
model: pump-a      # optional: one model's timeline and charts
page: 1            # optional: the page of the fleet overview
pageSize: 25       # optional: models per page (at most 200)
\`\`\`
`;

const DEFAULT_PAGE_SIZE = 25;

function message(text: string): string {
  return `<p>${esc(text)}</p>`;
}

/** The widget's HTML (or its documentation, in markdown, when the console asks for it). */
export async function renderWidget(
  sources: ReportSources,
  raw: unknown,
  context: { now: string; source: string },
): Promise<string> {
  const parsed = widgetRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`);
    return message(`The widget's parameters are not valid: ${problems.join('; ')}.`);
  }
  const request = parsed.data;
  if (request.describe) return JSON.stringify({ markdown: WIDGET_DOCUMENTATION });
  const base: GatherOptions = { now: context.now, source: context.source, title: 'Retraining report' };
  if (request.model !== undefined) {
    try {
      const data = await gatherReport(sources, { ...base, names: [request.model], maxDetails: 1 });
      return renderReportHtml(data, { fragment: true });
    } catch (error) {
      if (error instanceof ModelsNotFoundError)
        return message(`Model ${request.model} was not found in this region.`);
      throw error;
    }
  }
  // The fleet: summaries only (one ListModels call per 500 models), one page of rows.
  const data = await gatherReport(sources, { ...base, maxDetails: 0 });
  const pageSize = request.pageSize ?? DEFAULT_PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(data.models.length / pageSize));
  const page = Math.min(request.page ?? 1, pages);
  const shown = data.models.slice((page - 1) * pageSize, page * pageSize);
  const notes =
    pages > 1
      ? [
          `Page ${page} of ${pages} (${pageSize} models a page, worst health first); set "page" in the widget's parameters for others.`,
        ]
      : [];
  return renderReportHtml({ ...data, models: shown, notes }, { fragment: true, pageSize });
}

// Inline SVG charts of the report: the version timeline and one chart per policy metric. Pure string
// building. Every mark has a shape and a label as well as a colour, and every chart a <title> and
// <desc>, so it reads without colour, in print and with a screen reader.
import type { ActivationCause } from './model.js';

export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Whole units: the charts are drawn at a few hundred units wide, so a finer position is invisible. */
export function n(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value)) : '0';
}

export function day(value: string | null | undefined): string {
  if (!value) return '–';
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString().slice(0, 10);
}

/** Fill of an activation band by cause: a pattern, so causes differ without colour. */
export const CAUSE_FILL: Record<ActivationCause, string> = {
  AUTOPILOT_POLICY: 'url(#pat-autopilot)',
  MANAGED_PROMOTION: 'url(#pat-managed)',
  EXTERNAL: 'url(#pat-external)',
  TRAINING: 'url(#pat-training)',
};
export const CAUSE_LABEL: Record<ActivationCause, string> = {
  AUTOPILOT_POLICY: 'autopilot',
  MANAGED_PROMOTION: 'managed',
  EXTERNAL: 'person',
  TRAINING: 'trained',
};

/** The patterns and marker shapes, defined once per page and referenced by every chart. */
export function svgDefinitions(): string {
  return `<svg width="0" height="0" aria-hidden="true" style="position:absolute"><defs>
<pattern id="pat-autopilot" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#cfe3f7"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1f5f99" stroke-width="2"/></pattern>
<pattern id="pat-managed" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#d7ecd3"/></pattern>
<pattern id="pat-external" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#f6e2c6"/><circle cx="3" cy="3" r="1.2" fill="#8a5300"/></pattern>
<pattern id="pat-training" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#eeeeee"/></pattern>
</defs></svg>`;
}

/** A run's marker: ● success, ✕ failed, ⊘ cancelled (square with a slash), ○ anything else. */
export function runMarker(status: string, x: number, y: number): string {
  const at = `${n(x)},${n(y)}`;
  switch (status) {
    case 'SUCCESS':
      return `<circle class="m-ok" cx="${n(x)}" cy="${n(y)}" r="6"/>`;
    case 'FAILED':
      return `<path class="m-fail" d="M${n(x - 6)},${n(y - 6)}L${n(x + 6)},${n(y + 6)}M${n(x + 6)},${n(y - 6)}L${n(x - 6)},${n(y + 6)}"/>`;
    case 'CANCELED':
      return `<g class="m-cxl" transform="translate(${at})"><rect x="-6" y="-6" width="12" height="12"/><path d="M-6,6L6,-6"/></g>`;
    default:
      return `<circle class="m-open" cx="${n(x)}" cy="${n(y)}" r="6"/>`;
  }
}

/** A decision's marker: ▲ activated, ▼ rejected, ◇ dry run, – skipped, ✕ in a square failed. */
export function decisionMarker(outcome: string, x: number, y: number): string {
  const t = `transform="translate(${n(x)},${n(y)})"`;
  switch (outcome) {
    case 'ACTIVATED':
      return `<path class="d-act" ${t} d="M0,-7L7,6L-7,6Z"/>`;
    case 'REJECTED':
      return `<path class="d-rej" ${t} d="M0,7L7,-6L-7,-6Z"/>`;
    case 'DRY_RUN':
      return `<path class="d-dry" ${t} d="M0,-7L7,0L0,7L-7,0Z"/>`;
    case 'SKIPPED':
      return `<path class="d-skip" ${t} d="M-7,0L7,0"/>`;
    default:
      return `<g class="d-fail" ${t}><rect x="-6" y="-6" width="12" height="12"/><path d="M-4,-4L4,4M4,-4L-4,4"/></g>`;
  }
}

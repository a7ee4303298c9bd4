import { reportDocumentSchema } from '../../shared/report-types.js';
import type { ReportWriter } from './writer-types.js';

/**
 * The report as JSON (sightline-report v1, docs/report-json.md): the
 * document itself, checked against its schema first, so a tool reading it
 * can rely on every field the documentation names.
 */
export const writeJsonReport: ReportWriter = async (doc, ctx) => {
  const checked = reportDocumentSchema.parse(doc);
  ctx.progress(1);
  return [`${JSON.stringify(checked, null, 2)}\n`];
};

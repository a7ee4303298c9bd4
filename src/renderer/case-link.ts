import { encodePlace } from './model/url-codec.js';
import { defaultSeen } from './model/view-state.js';

/** The URL of a case's graph with a node selected (`#/cases/<id>/graph?select=<nodeId>`), as the address bar carries it. */
export function caseGraphLink(caseId: string, nodeId: string): string {
  return encodePlace({ caseId, view: 'graph', seen: { ...defaultSeen, selection: [nodeId] } });
}

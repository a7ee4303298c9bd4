/** The URL of a case's graph with a node selected (`#/cases/<id>/graph?select=<nodeId>`): the router reads it back. */
export function caseGraphLink(caseId: string, nodeId: string): string {
  return `#/cases/${encodeURIComponent(caseId)}/graph?select=${encodeURIComponent(nodeId)}`;
}

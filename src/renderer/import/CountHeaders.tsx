/**
 * The column headers of what an import brought in, in the order the import
 * summary and the imports table both show them (their cells follow it too).
 */
export function CountHeaders() {
  return (
    <>
      <th scope="col" className="num">
        Connections
      </th>
      <th scope="col" className="num">
        Process creations
      </th>
      <th scope="col" className="num">
        DNS answers
      </th>
      <th scope="col" className="num">
        Alerts
      </th>
      <th scope="col" className="num" title="records that are not network telemetry (other event ids, other channels)">
        Skipped
      </th>
      <th scope="col" className="num" title="records that could not be read: kept aside with line and reason">
        Quarantined
      </th>
    </>
  );
}

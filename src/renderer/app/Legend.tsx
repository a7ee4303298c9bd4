export function Legend() {
  return (
    <div className="legend" aria-hidden="true">
      <span className="swatch host" /> host <span className="swatch process" /> process <span className="swatch destination" /> public IP{' '}
      <span className="swatch destination internal" /> internal IP <span className="legend-badge">3</span> alerts · findings:
      <span className="swatch sev sev-info" /> info <span className="swatch sev sev-low" /> low <span className="swatch sev sev-medium" /> medium{' '}
      <span className="swatch sev sev-high" /> high
    </div>
  );
}

import { Modal } from '../components/Modal.js';
import { shortcuts } from './shortcuts.js';

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts" data-testid="help-overlay">
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.name}>
              <td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' or '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">In the graph: click selects, Shift+click adds to the selection, drag pans, the wheel zooms.</p>
    </Modal>
  );
}

import { shortText } from '../../shared/cut-text.js';
import type { CsvMappingRole, FilePreview } from '../../shared/types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { VisibleText } from '../text/VisibleText.js';
import { assignRole, MAPPING_ROLES, REQUIRED_ROLES, ROLE_LABEL } from './mapping-draft.js';

/** A sampled value or column name is cut for its cell (the cell shows ~30 characters) and for its tooltip. */
const CELL_CHARS = 120;
const TITLE_CHARS = 600;

interface Props {
  preview: FilePreview;
  roles: readonly (CsvMappingRole | null)[];
  onRoles: (roles: (CsvMappingRole | null)[]) => void;
}

/**
 * The first rows of the file under its columns; above each column, what its
 * values look like and the role the user gives it. Cell values come from
 * the file: rendered as text only, clipped, the full value in the tooltip.
 */
export function ColumnMappingTable({ preview, roles, onRoles }: Props) {
  return (
    <div className="mapping-scroll" tabIndex={-1}>
      <table className="mapping-table" data-testid="mapping-table">
        <thead>
          <tr>
            {preview.columns.map((name, i) => (
              <th key={i} scope="col" data-column={name} className={roles[i] ? 'mapped' : ''}>
                <span className="column-name" title={revealHidden(shortText(name, TITLE_CHARS))}>
                  <VisibleText text={shortText(name, CELL_CHARS)} />
                </span>
                <span className={`type-badge type-${preview.columnTypes[i] ?? 'empty'}`} title="what the sampled values look like">
                  {preview.columnTypes[i] ?? 'empty'}
                </span>
                <RoleSelect column={name} index={i} roles={roles} onRoles={onRoles} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, r) => (
            <tr key={r}>
              {preview.columns.map((_, i) => (
                <td key={i} title={revealHidden(shortText(row[i] ?? '', TITLE_CHARS))} className={roles[i] ? 'mapped' : ''}>
                  <VisibleText text={shortText(row[i] ?? '', CELL_CHARS)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {preview.rows.length === 0 && <p className="muted small">The file has no rows after its header.</p>}
    </div>
  );
}

function RoleSelect({ column, index, roles, onRoles }: { column: string; index: number; roles: readonly (CsvMappingRole | null)[]; onRoles: Props['onRoles'] }) {
  const current = roles[index] ?? '';
  return (
    <select
      className="role-select"
      aria-label={`Role of column ${revealHidden(shortText(column, CELL_CHARS))}`}
      data-column={column}
      value={current}
      onChange={(e) => onRoles(assignRole(roles, index, (e.target.value || null) as CsvMappingRole | null))}
    >
      <option value="">— not imported —</option>
      {MAPPING_ROLES.map((role) => {
        const elsewhere = roles.indexOf(role);
        return (
          <option key={role} value={role}>
            {ROLE_LABEL[role]}
            {REQUIRED_ROLES.includes(role) ? ' *' : ''}
            {elsewhere !== -1 && elsewhere !== index ? ' (moves here)' : ''}
          </option>
        );
      })}
    </select>
  );
}

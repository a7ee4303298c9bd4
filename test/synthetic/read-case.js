// @ts-check
import fs from 'node:fs';
import path from 'node:path';

/**
 * Reading a generated case back without Sightline (tests check the
 * generator's files against its manifest with these, independently of the
 * importers they also feed).
 */

/** The manifest of a generated case. */
export function readManifest(/** @type {string} */ dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
}

/** The lines of a text file, without the empty one after the last newline. */
function lines(/** @type {string} */ file) {
  const text = fs.readFileSync(file, 'utf8');
  const out = text.split('\n');
  if (out.at(-1) === '') out.pop();
  return out;
}

/**
 * The events of a Sysmon JSON-lines export, parsed.
 * @param {string} file
 * @returns {Record<string, string | number>[]}
 */
export function sysmonEvents(file) {
  return lines(file).map((l) => JSON.parse(l));
}

/**
 * The rows of a Zeek TSV log as objects keyed by its #fields names (values as text).
 * @param {string} file
 * @returns {Record<string, string>[]}
 */
export function zeekRows(file) {
  /** @type {string[]} */
  let fields = [];
  /** @type {Record<string, string>[]} */
  const rows = [];
  for (const line of lines(file)) {
    if (line.startsWith('#fields\t')) fields = line.split('\t').slice(1);
    if (line.startsWith('#')) continue;
    const values = line.split('\t');
    /** @type {Record<string, string>} */
    const row = {};
    fields.forEach((f, i) => (row[f] = /** @type {string} */ (values[i])));
    rows.push(row);
  }
  return rows;
}

/** Sysmon's UtcTime ("2026-11-16 09:14:03.512") as epoch ms. */
export function sysmonMs(/** @type {string | number | undefined} */ utc) {
  return Date.parse(`${String(utc).replace(' ', 'T')}Z`);
}

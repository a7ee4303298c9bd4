import { csvMappingSchema, type MappingProfile } from '../../shared/types.js';
import type { Settings } from './settings.js';

const KEY = 'csv_mapping_profiles';

/**
 * Saved CSV column mappings, by name: an analyst maps an export of a given
 * SIEM once and picks the profile for every later export of it. Kept in the
 * data home (not in a case), so every case sees them.
 */
export class MappingProfiles {
  constructor(private readonly settings: Settings) {}

  list(): MappingProfile[] {
    const raw = this.settings.get(KEY);
    if (!raw) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return [];
    }
    if (!Array.isArray(parsed)) return [];
    // A profile saved by another version that no longer validates is dropped rather than breaking the list.
    return parsed.flatMap((p: unknown) => {
      const o = p as Partial<MappingProfile>;
      const mapping = csvMappingSchema.safeParse(o?.mapping);
      if (typeof o?.name !== 'string' || !mapping.success) return [];
      return [{ name: o.name, mapping: mapping.data, ...(typeof o.timezone === 'string' ? { timezone: o.timezone } : {}), updatedAt: String(o.updatedAt ?? '') }];
    });
  }

  save(profile: Omit<MappingProfile, 'updatedAt'>): MappingProfile {
    const saved: MappingProfile = { ...profile, updatedAt: new Date().toISOString() };
    const others = this.list().filter((p) => p.name !== profile.name);
    this.write([...others, saved].sort((a, b) => a.name.localeCompare(b.name)));
    return saved;
  }

  delete(name: string): boolean {
    const all = this.list();
    const kept = all.filter((p) => p.name !== name);
    if (kept.length === all.length) return false;
    this.write(kept);
    return true;
  }

  private write(profiles: MappingProfile[]): void {
    this.settings.set(KEY, JSON.stringify(profiles));
  }
}

import { useCallback, useEffect, useState } from 'react';
import type { Client } from '../../shared/client.js';
import type { CsvMappingInput, MappingProfile } from '../../shared/types.js';
import { errorMessage } from '../error-message.js';

/** The saved column mappings (kept in the data home, shared by every case). */
export function useMappingProfiles(client: Client) {
  const [profiles, setProfiles] = useState<MappingProfile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    client
      .listMappingProfiles({})
      .then((list) => {
        if (!live) return;
        setProfiles(list);
        setError(null);
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [client, version]);

  const save = useCallback(
    async (name: string, mapping: CsvMappingInput, timezone: string): Promise<MappingProfile> => {
      const saved = await client.saveMappingProfile({ name, mapping, timezone });
      setVersion((v) => v + 1);
      return saved;
    },
    [client],
  );

  const remove = useCallback(
    async (name: string) => {
      await client.deleteMappingProfile({ name });
      setVersion((v) => v + 1);
    },
    [client],
  );

  const restore = useCallback(
    async (profile: MappingProfile) => {
      await client.saveMappingProfile({ name: profile.name, mapping: profile.mapping, ...(profile.timezone ? { timezone: profile.timezone } : {}) });
      setVersion((v) => v + 1);
    },
    [client],
  );

  return { profiles, error, save, remove, restore };
}

/** Parameters of the case queries, with their defaults. */
export interface QueriesSettings {
  lineage: {
    /**
     * Parents followed by ParentProcessGuid before the chain is cut: 16 reaches
     * past System → smss → wininit → services → svchost → … of any real tree,
     * and bounds the walk when a hostile export loops.
     */
    maxParents: number;
  };
}

export const queriesSettings: QueriesSettings = {
  lineage: { maxParents: 16 },
};

import { describe, expect, it } from 'vitest';
import { contract } from '../../src/shared/contract.js';
import { analysisOps } from '../../src/shared/operations/analysis-ops.js';
import { caseOps } from '../../src/shared/operations/case-ops.js';
import { graphOps } from '../../src/shared/operations/graph-ops.js';
import { intelOps } from '../../src/shared/operations/intel-ops.js';

describe('the contract joined from its domain lists', () => {
  it('has every operation of every list, none named twice (a second one would silently replace the first)', () => {
    const names = [caseOps, graphOps, intelOps, analysisOps].flatMap((list) => Object.keys(list));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(contract).sort()).toEqual([...names].sort());
  });
});

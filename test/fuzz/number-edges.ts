import { EDGE_VALUES } from '../helpers/numeric-edges.js';

/**
 * What the `number-edge` mutation splices into a record's numbers: the
 * values at and past every bound that the property test of the bounds uses
 * (signs, exponents, hex, 2^53, overflow, IEEE specials, dates past 2100 and
 * before 1970, as numbers and as dates).
 */
export const NUMBER_EDGES: readonly string[] = EDGE_VALUES;

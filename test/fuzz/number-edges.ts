/**
 * Values at and past the bounds of numeric fields, spliced into records by the
 * `number-edge` mutation: signs, exponents, hex, 2^53, overflow, IEEE specials,
 * dates past 2100 and before 1970 as epoch seconds and milliseconds.
 */
export const NUMBER_EDGES: readonly string[] = [
  '0', '-0', '-1', '+80', '00080', '0.5', '-5', '0x50', '1e5', '1e-7',
  '65535', '65536', '4294967295', '4294967296', '9007199254740991', '9007199254740993', '18446744073709551616',
  '1e308', '1e309', '-1e308', 'Infinity', '-Infinity', 'NaN', 'null',
  '4102444800', '4102444800000', '253402300800', '8640000000000001', '-8640000000000000', '9'.repeat(400), '',
];

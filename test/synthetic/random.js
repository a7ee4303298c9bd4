// @ts-check
import { createHash } from 'node:crypto';

/** mulberry32: a tiny seeded PRNG, floats in [0, 1); the same seed gives the same stream on every run. */
export function mulberry32(/** @type {number} */ seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 32-bit seed for one named stream of a run (a host, an incident): each part
 * of the case draws from its own stream, so adding an incident or a host does
 * not shift the noise of the others.
 */
export function streamSeed(/** @type {number} */ seed, /** @type {string} */ name) {
  return createHash('sha256').update(`${seed}\u0000${name}`).digest().readUInt32LE(0);
}

/** Seeded draws: uniform, integers, picks, weights, normal, log-normal and exponential. */
export class Random {
  /** @param {number} seed */
  constructor(seed) {
    this.next = mulberry32(seed);
  }

  /** A stream of its own for a named part of the run. */
  static for(/** @type {number} */ seed, /** @type {string} */ name) {
    return new Random(streamSeed(seed, name));
  }

  /** A float in [lo, hi). */
  uniform(/** @type {number} */ lo, /** @type {number} */ hi) {
    return lo + (hi - lo) * this.next();
  }

  /** An integer in [lo, hi], both included. */
  int(/** @type {number} */ lo, /** @type {number} */ hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(/** @type {number} */ p) {
    return this.next() < p;
  }

  /**
   * @template T
   * @param {readonly T[]} items
   * @returns {T}
   */
  pick(items) {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /**
   * An item with probability proportional to its weight.
   * @template T
   * @param {readonly T[]} items
   * @param {(item: T) => number} weight
   * @returns {T}
   */
  weighted(items, weight) {
    let total = 0;
    for (const item of items) total += weight(item);
    let x = this.next() * total;
    for (const item of items) {
      x -= weight(item);
      if (x < 0) return item;
    }
    return this.pick(items);
  }

  /** Standard normal (Box-Muller). */
  normal(/** @type {number} */ mean = 0, /** @type {number} */ sd = 1) {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal value with the given median (byte counts, durations). */
  logNormal(/** @type {number} */ median, /** @type {number} */ sigma) {
    return median * Math.exp(this.normal(0, sigma));
  }

  /** An exponential gap with the given mean (time to the next event of a Poisson process). */
  exponential(/** @type {number} */ mean) {
    return -mean * Math.log(1 - this.next());
  }

  /** `n` lowercase hex digits. */
  hex(/** @type {number} */ n) {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.next() * 16)];
    return s;
  }
}

/** A stable digest of a text, as uppercase hex of the given algorithm: hashes of synthetic binaries. */
export function digestOf(/** @type {'md5' | 'sha1' | 'sha256'} */ algorithm, /** @type {string} */ text) {
  return createHash(algorithm).update(text).digest('hex').toUpperCase();
}

#!/usr/bin/env node
// @ts-check
// node test/synthetic/generate.js --out DIR [--seed N] [--connections N] …  (--help lists the options)
import { main } from './cli.js';

process.exitCode = main(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });

// Runs Doyensec's Electronegativity over a folder and prints its findings as
// JSON. The tool fetches translations and Electron's release list from the
// internet; Sightline's tests never leave the machine, so its HTTP client is
// replaced by one that refuses at once (the tool then uses its built-in
// English texts, and the release check is not run).
import Module, { createRequire } from 'node:module';

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'got') {
    const refuse = () => Promise.reject(new Error('offline'));
    return Object.assign(refuse, { default: refuse, get: refuse });
  }
  return load.call(this, request, ...rest);
};

const [input, electronVersion] = process.argv.slice(2);
const log = console.log;
console.log = () => undefined; // its progress chatter; the findings go to stdout below
const electronegativity = createRequire(import.meta.url)('@doyensec/electronegativity');
(electronegativity.default ?? electronegativity)({ input, isRelative: true, verbose: false, electronVersionOverride: electronVersion, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] }, false)
  .then((r) => log(JSON.stringify(r)))
  .catch((err) => {
    process.stderr.write(`electronegativity failed: ${err.stack ?? err}\n`);
    process.exit(3);
  });

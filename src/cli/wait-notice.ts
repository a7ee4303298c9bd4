/**
 * What a command says while its job waits for another writer (another
 * import into the same case, an intel sync): once as a line, or on a
 * terminal as a line counting the seconds, which the progress bar then
 * overwrites. Nothing with --json: standard output is the result, and
 * standard error stays as quiet as without the wait.
 */
export function waitNotice(other: string, quiet: boolean, stream: NodeJS.WriteStream = process.stderr): { update(waitingSeconds: number): void; done(): void } {
  if (quiet) return { update() {}, done() {} };
  const text = `waiting for ${other} to finish… (Ctrl-C to stop)`;
  let told = false;
  let drawn = false;
  return {
    update(seconds) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${text} ${seconds} s`);
        drawn = true;
      } else if (!told) stream.write(`${text}\n`);
      told = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

// `npx sightline` in this folder finds `sightline` in this package's own "bin"
// and, to link that bin, installs the folder into npx's cache as a link to
// itself; npm then runs this package's install steps (postinstall, prepare)
// once more, with their output hidden. That folder is the one `npm ci` has
// already built, so there is nothing to do: without this check the first
// `npx sightline` sat through a silent ~20 s rebuild.
export function isNpxSelfInstall() {
  return process.env.npm_command === 'exec';
}

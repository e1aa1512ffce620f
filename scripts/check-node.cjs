// Runs before `npm start` / `npm test`: stop at once on a Node too old for
// type stripping and the libraries we use. CommonJS and ES5-safe on purpose.
var parts = process.versions.node.split('.').map(Number)
var ok = parts[0] > 22 || (parts[0] === 22 && parts[1] >= 18)
if (!ok) {
  console.error(
    'Aqualedger needs Node.js >= 22.18 (this is ' + process.version + ').\n' +
    'Install Node 22 or 24 (https://nodejs.org, nvm install 22, or `npm i -g node@22`),\n' +
    'or run: bash .ci/install-node.sh && export PATH="$PWD/.node/bin:$PATH"'
  )
  process.exit(1)
}

// Arrows point inward (architecture.md): http, graphql and jobs use app;
// app uses core and db; core uses nothing of ours but itself; http and
// graphql never import each other. Also: core imports no package, and no
// code imports big.js: src/core/shared/decimal.ts is the one exact-decimal API
// (big.js stays a devDependency, the property tests' oracle).
import t from 'tap'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const src = join(root, 'src')

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? walk(p) : name.endsWith('.ts') ? [p] : []
  })
}

const IMPORT = /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g
/** The folder under src/, or for top-level files (main.ts, app.ts: the composition) their file name. */
const layerOf = (file: string) => relative(src, file).split('/')[0]!

/** layer → layers of ours it must not import */
const FORBIDDEN: Record<string, string[]> = {
  core: ['app', 'db', 'http', 'graphql', 'jobs', 'config.ts', 'main.ts', 'app.ts'],
  db: ['app', 'http', 'graphql', 'jobs', 'core'],
  app: ['http', 'graphql', 'jobs', 'main.ts', 'app.ts'],
  http: ['graphql', 'jobs', 'main.ts', 'app.ts'],
  graphql: ['http', 'jobs', 'main.ts', 'app.ts'],
  jobs: ['http', 'graphql', 'main.ts', 'app.ts'],
}

for (const file of walk(src)) {
  const layer = layerOf(file)
  const text = readFileSync(file, 'utf8')
  const bad: string[] = []
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]!
    if (!spec.startsWith('.')) {
      if (layer === 'core') bad.push(`core imports the package ${spec}`)
      else if (spec === 'big.js') bad.push('imports big.js: decimals go through src/core/shared/decimal.ts')
      continue
    }
    const target = layerOf(resolve(dirname(file), spec))
    if (FORBIDDEN[layer]?.includes(target)) bad.push(`${layer} imports ${target} (${spec})`)
  }
  t.same(bad, [], `${relative(root, file)} respects the layers`)
}

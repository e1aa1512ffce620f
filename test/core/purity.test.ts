// The core is pure (architecture.md): nothing under src/core does I/O, reads
// the clock or randomness, or touches the process. This walks src/core and
// fails on any forbidden import or call.
import t from 'tap'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const core = join(root, 'src/core')

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|js|mjs|cjs)$/.test(name) ? [p] : []
  })
}

const FORBIDDEN_MODULES = ['fastify', 'kysely', 'pg', 'mercurius', 'pino', 'fs', 'net', 'http']
const IMPORT = /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)/g
const FORBIDDEN_CODE: [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew\s+Date\s*\(\s*\)/, 'new Date() without arguments'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/\bprocess\b/, 'process'],
]

/** Strip comments so a comment citing a rule cannot trip the check. */
function code(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
}

function moduleName(spec: string): string {
  const bare = spec.replace(/^node:/, '')
  const parts = bare.split('/')
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

const files = walk(core)
t.ok(files.length > 0, 'src/core has files')
for (const file of files) {
  const rel = relative(root, file)
  const src = code(readFileSync(file, 'utf8'))
  const bad: string[] = []
  for (const m of src.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3]!
    if (FORBIDDEN_MODULES.includes(moduleName(spec))) bad.push(`imports ${spec}`)
  }
  for (const [re, what] of FORBIDDEN_CODE) if (re.test(src)) bad.push(`uses ${what}`)
  t.same(bad, [], `${rel} is pure`)
}

t.test('the checker itself catches what it should', async (t) => {
  const sample = code("import x from 'node:fs'\nconst a = Date.now()\n// Math.random() in a comment is fine\n")
  t.ok([...sample.matchAll(IMPORT)].some((m) => moduleName(m[1]!) === 'fs'))
  t.ok(FORBIDDEN_CODE[0]![0].test(sample))
  t.notOk(FORBIDDEN_CODE[2]![0].test(sample))
})

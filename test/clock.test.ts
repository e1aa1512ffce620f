// Time is an input (DEVELOPERS.md): the application reads "now" from one
// Clock (src/app/clock.ts) that main.ts builds and tests pin, so the suite
// passes whatever the machine's date. This guard keeps it that way: no module
// under src/ or scripts/ reads the wall clock itself. Durations use
// performance.now(); record-keeping stamps use the database's now(). (Tests
// use test/helpers/clock.ts; they may time real processes with Date.now().)
import t from 'tap'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
/** The one place the system clock is read. */
const ALLOWED = new Set(['src/app/clock.ts'])

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? walk(p) : name.endsWith('.ts') ? [p] : []
  })
}

const WALL_CLOCK = /\bDate\.now\s*\(|\bnew\s+Date\s*\(\s*\)/

for (const dir of ['src', 'scripts']) {
  t.test(`${dir}/ reads no wall clock outside src/app/clock.ts`, async (t) => {
    const offenders: string[] = []
    for (const file of walk(join(root, dir))) {
      const rel = relative(root, file)
      if (ALLOWED.has(rel)) continue
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '')
        if (WALL_CLOCK.test(code)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`)
      })
    }
    t.same(offenders, [], 'take a Clock (src/app/clock.ts) or the database\'s now() instead')
  })
}

// Issue 9 §7 operations, with real processes: SIGTERM to the `npm start`
// process stops node and the embedded Postgres (nothing keeps serving), and
// an unwritable DATA_DIR is one line on stderr, not an EACCES stack.
import { freePort } from '../helpers/free-port.ts'
import t from 'tap'
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch { return false }
}
const nodeBin = process.execPath
/** The environment of a child that is not a test process: without tap's loader and process-info hooks, or DATABASE_URL. */
function childEnv(over: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.dirname(nodeBin)}:${process.env.PATH}`, ...over }
  for (const k of Object.keys(env)) if (k === 'NODE_OPTIONS' || k === 'DATABASE_URL' || k.startsWith('TAP') || k.startsWith('_TAPJS')) delete env[k]
  return env
}

t.test('SIGTERM to the npm start process stops node and Postgres', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'aqualedger-start-'))
  chmodSync(root, 0o755)
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  const port = await freePort()
  const env = childEnv({ DATA_DIR: path.join(root, 'data'), PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'info', WORKER_CONCURRENCY: '0' })
  const npm = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  npm.stdout.on('data', (d) => { out += d }); npm.stderr.on('data', (d) => { out += d })
  const npmExit = new Promise<void>((resolve) => npm.once('exit', () => resolve()))
  t.teardown(() => { try { npm.kill('SIGKILL') } catch { /* gone */ } })

  const deadline = Date.now() + 120_000
  for (;;) {
    try { if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) break } catch { /* not yet */ }
    if (Date.now() > deadline || npm.exitCode !== null) throw new Error(`npm start did not get ready:\n${out}`)
    await sleep(250)
  }
  const postmaster = Number(readFileSync(path.join(root, 'data', 'pg', 'postmaster.pid'), 'utf8').split('\n')[0])
  t.ok(alive(postmaster), `postgres runs (pid ${postmaster})`)

  npm.kill('SIGTERM')
  await Promise.race([npmExit, sleep(20_000)])
  t.not(npm.exitCode === null && npm.signalCode === null, true, 'npm exited')
  const gone = Date.now() + 20_000
  while (alive(postmaster) && Date.now() < gone) await sleep(100)
  t.notOk(alive(postmaster), 'no postgres process is left')
  let serving = true
  try { await fetch(`http://127.0.0.1:${port}/health/live`) } catch { serving = false }
  t.notOk(serving, 'nothing serves on the port any more')
  t.match(out, /"msg":"closing"/, 'the server closed in order')
})

t.test('an unwritable DATA_DIR without DATABASE_URL says so in one line', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'aqualedger-ro-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  const env = childEnv({ DATA_DIR: path.join(root, 'data'), PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()) })
  // As root everything is writable: run as `nobody`, for whom the 0700 directory is closed.
  const asRoot = userInfo().uid === 0
  if (asRoot) chmodSync(root, 0o700)
  else chmodSync(root, 0o500)
  // `env -u NODE_OPTIONS`: tap's process-info hook, which tap adds to every spawned process, could not write its file as nobody.
  // The uid and gid through spawn itself, not runuser: /usr/sbin need not be on CI's PATH.
  const nobody = asRoot ? { uid: Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout), gid: Number(spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout) } : {}
  const r = spawnSync('env', ['-u', 'NODE_OPTIONS', nodeBin, 'src/main.ts'], { env, encoding: 'utf8', timeout: 60_000, ...nobody })
  if (r.error) throw r.error
  if (!asRoot) chmodSync(root, 0o700)
  t.equal(r.status, 1, 'exit code 1')
  const lines = r.stderr.trim().split('\n')
  t.equal(lines.length, 1, `one line: ${r.stderr}`)
  t.match(lines[0], /^aqualedger: DATA_DIR .* is not writable \(EACCES\).*DATABASE_URL/)
  t.notMatch(r.stderr, /\n\s+at /, 'no stack')
})

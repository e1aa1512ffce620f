// The real Postgres the suite runs against: DATABASE_URL, else a
// testcontainers Postgres when a Docker engine answers, else the embedded
// binaries from npm run through pg_ctl (no Docker on our machines).
import { freePort } from '../helpers/free-port.ts'
import { execFileSync, execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import { embeddedBinaries, hydrateBinarySymlinks } from '../../src/db/embedded-postgres.ts'

export interface TestServer {
  kind: 'external' | 'testcontainers' | 'embedded'
  /** server URL, connected to the maintenance database */
  url: string
  /** what the after-script needs to stop it */
  stop: { dataDir?: string; containerId?: string; uid?: number; gid?: number }
}


function dockerAnswers(): boolean {
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) return false
  try {
    execSync('docker info --format "{{.ServerVersion}}"', { stdio: 'ignore', timeout: 5000 })
    return true
  } catch {
    return false
  }
}

async function startContainer(): Promise<TestServer> {
  // Ryuk would remove the container when this setup process exits; the
  // after-script removes it instead.
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true'
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql')
  const c = await new PostgreSqlContainer('postgres:17-alpine').withDatabase('postgres').start()
  return { kind: 'testcontainers', url: c.getConnectionUri(), stop: { containerId: c.getId() } }
}

async function startEmbedded(): Promise<TestServer> {
  await hydrateBinarySymlinks()
  const { initdb, pgCtl } = await embeddedBinaries()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aqualedger-test-'))
  let ids: { uid?: number; gid?: number } = {}
  if (userInfo().uid === 0) {
    // Postgres refuses to run as root: run it as the `postgres` OS user.
    try { execSync('id -u postgres', { stdio: 'ignore' }) } catch { execSync('groupadd -f postgres && useradd -g postgres postgres') }
    ids = { uid: Number(execSync('id -u postgres')), gid: Number(execSync('id -g postgres')) }
    chownSync(dataDir, ids.uid!, ids.gid!)
  }
  const pwFile = path.join(dataDir, '..', `${path.basename(dataDir)}.pw`)
  writeFileSync(pwFile, 'test\n', { mode: 0o644 })
  const port = await freePort()
  const opts = { ...ids, stdio: 'pipe' as const }
  execFileSync(initdb, ['-D', dataDir, '-U', 'postgres', `--pwfile=${pwFile}`, '--auth=trust', '--encoding=UTF8', '--locale=C', '-N'], opts)
  rmSync(pwFile)
  // Throwaway cluster: durability off makes the suite fast.
  const serverOpts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`
  execFileSync(pgCtl, ['start', '-D', dataDir, '-w', '-t', '60', '-l', path.join(dataDir, 'server.log'), '-o', serverOpts], opts)
  return { kind: 'embedded', url: `postgres://postgres:test@127.0.0.1:${port}/postgres`, stop: { dataDir, ...ids } }
}

export async function startTestServer(): Promise<TestServer> {
  if (process.env.DATABASE_URL) return { kind: 'external', url: process.env.DATABASE_URL, stop: {} }
  if (dockerAnswers()) return startContainer()
  return startEmbedded()
}

export async function stopTestServer(server: TestServer): Promise<void> {
  if (server.stop.containerId) execSync(`docker rm -f ${server.stop.containerId}`, { stdio: 'ignore' })
  if (server.stop.dataDir) {
    const { pgCtl } = await embeddedBinaries()
    try {
      execFileSync(pgCtl, ['stop', '-D', server.stop.dataDir, '-m', 'fast', '-w'], { uid: server.stop.uid, gid: server.stop.gid, stdio: 'pipe' })
    } finally {
      rmSync(server.stop.dataDir, { recursive: true, force: true })
    }
  }
}

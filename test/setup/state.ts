import path from 'node:path'

// One state file per tap run (the before-script and the test files are all
// children of the same tap process), so two runs in one tree do not collide.
export const STATE_FILE = path.resolve('.tap', `test-db-${process.ppid}.json`)
export const TEMPLATE_DB = 'aqualedger_template'

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

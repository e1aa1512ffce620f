import path from 'node:path'

export const STATE_FILE = path.resolve('.tap', 'test-db.json')
export const TEMPLATE_DB = 'aqualedger_template'

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

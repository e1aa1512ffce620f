// Keyset pagination on the uuidv7 id (time-ordered): an opaque cursor holds
// the last id seen.
import { validationError } from './errors.ts'

export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined
  const id = Buffer.from(cursor, 'base64url').toString('utf8')
  if (!/^[0-9a-f-]{36}$/.test(id)) throw validationError('the cursor is not valid', [{ path: 'query.cursor', message: 'unknown cursor' }])
  return id
}

export function pageFrom<R, T>(rows: R[], limit: number, idOf: (r: R) => string, map: (r: R) => T) {
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  return { items: page.map(map), nextCursor: more ? encodeCursor(idOf(page[page.length - 1]!)) : null }
}

// Letters and documents sent to a customer (seed 001 "Mina dokument"), per
// account or per customer, newest first, filterable by kind and date, each
// with the URL of its PDF: the payment document of a bill (rendered from the
// posted bill, which never changes) or the warning letter.
import type { Db } from '../../db/database.ts'
import { notFound, validationError } from '../errors.ts'
import type { LetterDto, LettersQuery } from './letter-dto.ts'
import { letterRows, type LetterRow, type LetterScope } from './letters.queries.ts'

const TITLES: Record<LetterDto['kind'], string> = {
  payment_document: 'Payment document',
  correction: 'Correction bill',
  final_bill: 'Final bill',
  nonpayment_warning: 'Warning before disconnection for nonpayment',
  missing_readings_notice: 'Notice of missing meter readings',
}

function toDto(r: LetterRow): LetterDto {
  const period = r.periodStart && r.periodEnd ? { start: r.periodStart, end: r.periodEnd } : null
  const title = period ? `${TITLES[r.kind]} ${r.reference ?? ''} for ${period.start.slice(0, 7)}`.replace(/\s+/g, ' ') : TITLES[r.kind]
  return { id: r.id, kind: r.kind, accountId: r.accountId, accountNumber: r.accountNumber, date: r.date, period, title,
    reference: r.reference, amount: r.amount, currency: r.currency, channel: r.channel, deliveredOn: r.deliveredOn,
    document: { url: `/v1/letters/${r.id}/document`, mediaType: 'application/pdf' } }
}

const encode = (r: LetterRow) => Buffer.from(`${r.date}|${r.id}`, 'utf8').toString('base64url')
function decode(cursor: string | undefined): { date: string; id: string } | undefined {
  if (cursor === undefined) return undefined
  const m = /^(\d{4}-\d{2}-\d{2})\|([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!m) throw validationError('the cursor is not valid', [{ path: 'query.cursor', message: 'unknown cursor' }])
  return { date: m[1]!, id: m[2]! }
}

/**
 * A page of letters. `accounts` limits a customer to its own accounts (an
 * accountId of someone else's then lists nothing, as a missing one would).
 */
export async function listLetters(db: Db, tenantId: string, q: Omit<LettersQuery, 'limit'> & { limit: number }, accounts: readonly string[] | undefined) {
  const accountIds = accounts ? (q.accountId ? accounts.filter((a) => a === q.accountId) : accounts) : q.accountId ? [q.accountId] : undefined
  if (accountIds && accountIds.length === 0) return { items: [], nextCursor: null }
  const scope: LetterScope = { accountIds, customerId: q.customerId, kinds: q.kind, from: q.from, to: q.to, after: decode(q.cursor) }
  const rows = await letterRows(db, tenantId, scope, q.limit + 1)
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  return { items: page.map(toDto), nextCursor: more ? encode(page[page.length - 1]!) : null }
}

/** One letter, for its download: another's (outside `accounts`) is not found, like a missing one. */
export async function findLetter(db: Db, tenantId: string, id: string, accounts: readonly string[] | undefined): Promise<LetterRow> {
  if (accounts && accounts.length === 0) throw notFound('letter')
  const [row] = await letterRows(db, tenantId, { id, accountIds: accounts }, 1)
  if (!row) throw notFound('letter')
  return row
}

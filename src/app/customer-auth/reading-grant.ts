// Readings without registration (issue 10 §6; seed 000 has a video guide for
// it): an account number plus a second factor, the owner's surname (compared
// as people type it, like linking) or the serial number of one of the
// account's meters, opens a short-lived grant for that account alone. The
// grant lists the account's meters (serials masked, the date of the last
// reading, no values) and takes their readings through the ordinary intake
// (source `reading_grant`); every other operation answers 403 for it
// (authenticate.ts). A wrong pair, an unknown account and a wrong serial get
// one answer from one query of the same shape; failures are limited per IP
// and per account number, and every attempt is audited.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { AppError, notFound } from '../errors.ts'
import { decimal, uuid } from '../schemas.ts'
import { READ_AT_PATTERN } from '../readings/read-at.ts'
import { submitReading } from '../readings/submit-reading.ts'
import { inTransaction } from '../transaction.ts'
import { audit } from './audit.ts'
import { lockedOut, recordAttempt, type AttemptLimits } from './attempt-limits.ts'
import { normalizeSurname } from './link-account.ts'
import { digest, randomSecret, sameDigest } from './secrets.ts'
import { tenantExists } from './register.ts'

/** Long enough to read the meters and type the values; a grant is single-purpose and dies on its own. */
export const GRANT_TTL_MS = 30 * 60_000
export const GRANT_LIMITS: AttemptLimits = { perIp: 20, perSubject: 5, windowMs: 15 * 60_000 }

export const openGrantInput = z.object({
  accountNumber: z.string().trim().min(1).max(40),
  surname: z.string().trim().min(1).max(100).optional().describe('the owner\'s surname, as people type it (case, ё/е and spaces do not matter)'),
  meterSerial: z.string().trim().min(1).max(60).optional().describe('or the serial number of one of the account\'s meters'),
}).strict().superRefine((v, ctx) => {
  if ((v.surname === undefined) === (v.meterSerial === undefined)) ctx.addIssue({ code: 'custom', path: ['surname'], message: 'give exactly one of surname and meterSerial' })
}).meta({ id: 'ReadingGrantRequest' })

export const grantDto = z.object({
  grantToken: z.string().describe('Authorization: Bearer <grantToken> on /v1/reading-grant/…; nothing else accepts it (403)'),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('seconds'),
}).meta({ id: 'ReadingGrant' })

export const grantMeterDto = z.object({
  id: z.uuid().describe('the meter: name it when submitting'),
  serialMasked: z.string().describe('the serial with all but its last 4 characters hidden (****1234)'),
  resource: z.string(),
  readingKind: z.enum(['index', 'consumption']).describe('consumption: an open hot-water system, where the customer reports the volume (seed 000 step 8)'),
  lastReadingOn: z.string().nullable().describe('the date of the last reading not rejected (tenant time zone); its value is not shown'),
}).meta({ id: 'ReadingGrantMeter' })

export const grantReadingsInput = z.object({
  readings: z.array(z.object({
    meterId: uuid,
    readAt: z.string().regex(READ_AT_PATTERN, 'an ISO datetime with offset or a date (2026-11-20)'),
    index: decimal.optional(),
    consumption: decimal.optional(),
  }).strict().superRefine((r, ctx) => {
    if ((r.index === undefined) === (r.consumption === undefined)) ctx.addIssue({ code: 'custom', path: ['index'], message: 'give exactly one of index and consumption' })
  })).min(1).max(50),
}).strict().meta({ id: 'ReadingGrantReadings' })

export const grantVerdictDto = z.object({
  meterId: z.uuid(),
  verdict: z.enum(['accepted', 'flagged', 'rejected', 'duplicate']),
  reasons: z.array(z.string()).describe('stable reason codes (e.g. below_previous)'),
}).meta({ id: 'ReadingGrantVerdict' })

export interface ReadingGrantHolder { tenantId: string; grantId: string; accountId: string }

const notMatched = () => new AppError('no_match', 422, 'no account matches these details: check the account number and the surname or meter serial')
const locked = () => new AppError('too_many_attempts', 429, 'too many failed attempts; try again later')

/** Serials as people type them: case and spaces do not matter. */
const normalizeSerial = (s: string) => s.normalize('NFC').replace(/[\s\u00a0]+/g, '').toUpperCase()

export const maskSerial = (serial: string): string => `****${serial.slice(-4)}`

const hex = (u: string) => u.replaceAll('-', '')
const uuidOf = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
const TOKEN = /^aqg_([0-9a-f]{32})_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/

export async function openReadingGrant(db: Db, tenantId: string, input: z.output<typeof openGrantInput>, ip: string, clock: Clock): Promise<z.infer<typeof grantDto>> {
  await tenantExists(db, tenantId)
  const number = input.accountNumber
  const key = { ip, subject: number }
  const outcome = await db.transaction().execute(async (trx) => {
    const l = await lockedOut(trx, tenantId, 'reading_grant', key, GRANT_LIMITS, clock)
    if (l.locked) {
      await audit(trx, tenantId, { actor: `ip:${ip}`, action: 'reading_grant.locked_out', detail: { ip, accountNumber: number, byIp: l.byIp, byAccount: l.bySubject } }, clock)
      return 'locked' as const
    }
    // One query whatever the case: the account by number, its owner's surname and its meters' serials.
    const r = await sql<{ accountId: string; ownerSurname: string | null; serials: string[] }>`
      select a.account_id as "accountId", a.owner_surname as "ownerSurname",
             coalesce(array(select m.serial from service_points s join meters m on m.tenant_id = s.tenant_id and m.service_point_id = s.service_point_id
                            where s.tenant_id = a.tenant_id and s.account_id = a.account_id), '{}') as serials
      from accounts a where a.tenant_id = ${tenantId} and a.number = ${number} limit 1`.execute(trx)
    const a = r.rows[0]
    const factor = input.surname !== undefined ? 'surname' as const : 'meter_serial' as const
    const ok = !!a && (factor === 'surname'
      ? a.ownerSurname !== null && normalizeSurname(a.ownerSurname) === normalizeSurname(input.surname!)
      : a.serials.some((s) => normalizeSerial(s) === normalizeSerial(input.meterSerial!)))
    await recordAttempt(trx, tenantId, 'reading_grant', key, ok, clock)
    if (!ok) {
      // The audit says why; the caller is not told.
      await audit(trx, tenantId, { actor: `ip:${ip}`, action: 'reading_grant.failed',
        detail: { ip, accountNumber: number, factor, reason: !a ? 'unknown_account' : factor === 'surname' ? 'surname_mismatch' : 'serial_mismatch' } }, clock)
      return 'failed' as const
    }
    const grantId = randomUUID()
    const secret = randomSecret()
    await trx.insertInto('readingGrants').values({ tenantId, grantId, accountId: a.accountId, tokenHash: digest(secret), factor, ip,
      createdAt: clock.now(), expiresAt: new Date(clock.now().getTime() + GRANT_TTL_MS) }).execute()
    await audit(trx, tenantId, { actor: `reading_grant:${grantId}`, action: 'reading_grant.opened', subject: a.accountId, detail: { ip, factor } }, clock)
    return { grantToken: `aqg_${hex(tenantId)}_${hex(grantId)}_${secret}`, tokenType: 'Bearer' as const, expiresIn: GRANT_TTL_MS / 1000 }
  })
  if (outcome === 'locked') throw locked()
  if (outcome === 'failed') throw notMatched()
  return outcome
}

export const isReadingGrantToken = (token: string): boolean => token.startsWith('aqg_')

/** A live grant of the token, or undefined (unknown, wrong secret, expired). */
export async function verifyReadingGrant(db: Db, token: string, clock: Clock): Promise<ReadingGrantHolder | undefined> {
  const m = TOKEN.exec(token)
  if (!m) return undefined
  const tenantId = uuidOf(m[1]!)
  const grantId = uuidOf(m[2]!)
  const row = await db.selectFrom('readingGrants').select(['accountId', 'tokenHash', 'expiresAt'])
    .where('tenantId', '=', tenantId).where('grantId', '=', grantId).executeTakeFirst()
  if (!row || !sameDigest(row.tokenHash, m[3]!) || row.expiresAt <= clock.now()) return undefined
  return { tenantId, grantId, accountId: row.accountId }
}

/** The grant's account's meters: masked serials and the last reading's date, no values. */
export async function grantMeters(db: Db, g: ReadingGrantHolder): Promise<{ items: z.infer<typeof grantMeterDto>[] }> {
  const r = await sql<{ meterId: string; serial: string; resource: string; readingKind: 'index' | 'consumption'; lastReadingOn: string | null }>`
    select m.meter_id as "meterId", m.serial, s.resource, m.reading_kind as "readingKind",
           (select to_char(max(r.read_at) at time zone t.time_zone, 'YYYY-MM-DD') from readings r
             where r.tenant_id = m.tenant_id and r.meter_id = m.meter_id and r.status <> 'rejected') as "lastReadingOn"
    from service_points s
    join meters m on m.tenant_id = s.tenant_id and m.service_point_id = s.service_point_id
    join tenants t on t.tenant_id = s.tenant_id
    where s.tenant_id = ${g.tenantId} and s.account_id = ${g.accountId}
    order by s.resource, m.meter_id`.execute(db)
  return { items: r.rows.map((m) => ({ id: m.meterId, serialMasked: maskSerial(m.serial), resource: m.resource, readingKind: m.readingKind, lastReadingOn: m.lastReadingOn })) }
}

/** Readings for the grant's meters, all or none, through the ordinary intake; a meter of another account is not found. */
export async function submitGrantReadings(db: Db, g: ReadingGrantHolder, input: z.output<typeof grantReadingsInput>, clock: Clock): Promise<{ items: z.infer<typeof grantVerdictDto>[] }> {
  return inTransaction(db, async (trx) => {
    const ids = [...new Set(input.readings.map((r) => r.meterId.toLowerCase()))]
    const own = await trx.selectFrom('meters as m')
      .innerJoin('servicePoints as s', (j) => j.onRef('s.tenantId', '=', 'm.tenantId').onRef('s.servicePointId', '=', 'm.servicePointId'))
      .select('m.meterId').where('m.tenantId', '=', g.tenantId).where('s.accountId', '=', g.accountId).where('m.meterId', 'in', ids).execute()
    if (own.length !== ids.length) throw notFound('meter')
    const items: z.infer<typeof grantVerdictDto>[] = []
    for (const r of input.readings) {
      const out = await submitReading(trx, g.tenantId, { meterId: r.meterId, readAt: r.readAt, index: r.index, consumption: r.consumption, source: 'reading_grant' },
        { now: clock.now() })
      items.push({ meterId: r.meterId, verdict: out.verdict as z.infer<typeof grantVerdictDto>['verdict'], reasons: out.reading.reasons })
    }
    await audit(trx, g.tenantId, { actor: `reading_grant:${g.grantId}`, action: 'reading_grant.readings_submitted', subject: g.accountId,
      detail: { meters: ids, verdicts: items.map((i) => i.verdict) } }, clock)
    return { items }
  })
}

// Saved reports (issue 12 §5): a customer user's own, or the tenant's (made
// with an API key by accounting staff). Each owner sees and changes only its
// own; another's report answers as a missing one.
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import type { Principal } from '../auth/principal.ts'
import type { Clock } from '../clock.ts'
import { notFound } from '../errors.ts'
import { decodeCursor, pageFrom } from '../pagination.ts'
import { pageQuery, text } from '../schemas.ts'
import { checkDefinition, reportDefinition, type ReportDefinition } from './report-definition.ts'

export const savedReportInput = z.object({
  name: text(200),
  definition: z.record(z.string(), z.unknown()).describe('a ReportDefinition: checked against its dataset (422 invalid_report_definition when it does not fit)'),
}).strict().meta({ id: 'SavedReportInput' })
export type SavedReportInput = z.infer<typeof savedReportInput>

export const savedReportDto = z.object({
  id: z.uuid(), name: z.string(), owner: z.enum(['tenant', 'customer']), definition: reportDefinition,
  createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'SavedReport' })
export type SavedReportDto = z.infer<typeof savedReportDto>
export const savedReportPage = z.object({ items: z.array(savedReportDto), nextCursor: z.string().nullable() }).meta({ id: 'SavedReportPage' })
export const reportListQuery = pageQuery.strict()

/** The owner a principal's reports are kept under: the customer user, or the tenant (null). */
const ownerOf = (p: Principal): string | null => (p.kind === 'customer' ? p.customerUserId : null)

type Row = { reportId: string; customerUserId: string | null; name: string; definition: Record<string, unknown>; createdAt: Date; updatedAt: Date }
const toDto = (r: Row): SavedReportDto => ({ id: r.reportId, name: r.name, owner: r.customerUserId ? 'customer' : 'tenant',
  definition: r.definition as ReportDefinition, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() })

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function owned(db: Db, p: Principal) {
  const owner = ownerOf(p)
  return db.selectFrom('savedReports').selectAll().where('tenantId', '=', p.tenantId)
    .where('customerUserId', owner === null ? 'is' : '=', owner)
}

export async function createReport(db: Db, p: Principal, input: SavedReportInput, clock: Clock): Promise<SavedReportDto> {
  const definition = checkDefinition(input.definition)
  const now = clock.now()
  const row = await db.insertInto('savedReports').values({ tenantId: p.tenantId, reportId: uuidv7(), customerUserId: ownerOf(p), name: input.name,
    definition: JSON.stringify(definition), createdAt: now, updatedAt: now }).returningAll().executeTakeFirstOrThrow()
  return toDto(row as Row)
}

export async function getReport(db: Db, p: Principal, id: string): Promise<SavedReportDto> {
  const row = UUID.test(id) ? await owned(db, p).where('reportId', '=', id).executeTakeFirst() : undefined
  if (!row) throw notFound('report')
  return toDto(row as Row)
}

export async function listReports(db: Db, p: Principal, q: z.infer<typeof reportListQuery>) {
  const after = decodeCursor(q.cursor)
  const rows = await owned(db, p).$if(!!after, (b) => b.where('reportId', '>', after!)).orderBy('reportId').limit(q.limit + 1).execute()
  return pageFrom(rows as Row[], q.limit, (r) => r.reportId, toDto)
}

export async function updateReport(db: Db, p: Principal, id: string, input: SavedReportInput, clock: Clock): Promise<SavedReportDto> {
  await getReport(db, p, id)
  const definition = checkDefinition(input.definition)
  const owner = ownerOf(p)
  const row = await db.updateTable('savedReports').set({ name: input.name, definition: JSON.stringify(definition), updatedAt: clock.now() })
    .where('tenantId', '=', p.tenantId).where('reportId', '=', id).where('customerUserId', owner === null ? 'is' : '=', owner)
    .returningAll().executeTakeFirst()
  if (!row) throw notFound('report')
  return toDto(row as Row)
}

export async function deleteReport(db: Db, p: Principal, id: string): Promise<void> {
  const owner = ownerOf(p)
  const r = UUID.test(id) ? await db.deleteFrom('savedReports').where('tenantId', '=', p.tenantId).where('reportId', '=', id)
    .where('customerUserId', owner === null ? 'is' : '=', owner).executeTakeFirst() : undefined
  if (!r || r.numDeletedRows === 0n) throw notFound('report')
}

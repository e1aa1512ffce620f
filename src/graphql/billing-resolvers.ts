// Bill runs and bills over GraphQL: the same use-cases as /v1/bill-runs and
// /v1/bills, the same validation, the same error codes.
import { z } from 'zod'
import { READ_SCOPES, WRITE_SCOPES } from '../app/auth/principal.ts'
import { loadConfig } from '../config.ts'
import { cancelBillRun, errorPageQuery, getBillRun, listBillRunErrors, startBillRun, startBillRunInput } from '../app/billing/bill-runs.ts'
import { billFilters, getBill, listBills } from '../app/billing/bills.ts'
import { recalculate, recalculationInput } from '../app/billing/corrections/recalculate.ts'
import { customerGuard, guard } from './context.ts'
import { accountOfBill } from '../app/customer-auth/account-of.ts'
import { parse, type Resolver } from './args.ts'


const id = (v: unknown) => parse(z.uuid(), v, 'id')
const withoutNulls = (o: Record<string, unknown> | null | undefined) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== null && v !== undefined))
const orNull = (e: { code?: string }) => (e.code === 'not_found' ? null : Promise.reject(e))
/** Bill.documentUrl: GraphQL carries no files, so it names the REST path of the PDF. */
const withDocumentUrl = <B extends { id: string }>(b: B) => ({ ...b, documentUrl: `/v1/bills/${b.id}/document` })
const withNotes = <L extends { trace: { notes?: string[] } }>(l: L) => ({ ...l, trace: { ...l.trace, notes: l.trace.notes ?? [] } })

export function billingResolvers() {
  const Query: Record<string, Resolver> = {
    billRun: (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) => getBillRun(ctx.db, p.tenantId, id(a.id)).catch(orNull)),
    billRunErrors: (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) =>
      listBillRunErrors(ctx.db, p.tenantId, id(a.id), parse(errorPageQuery, withoutNulls({ limit: a.limit, cursor: a.cursor }), 'arguments'))),
    // Open to customers with GET /v1/bills/{id}'s check: another's bill is null, as a missing one.
    bill: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) => {
      const billId = id(a.id)
      if (s.accounts && !s.accounts.includes((await accountOfBill(ctx.db, s.tenantId, billId)) ?? '')) return null
      const b = await getBill(ctx.db, s.tenantId, billId).catch(orNull)
      return b && withDocumentUrl({ ...b, lines: b.lines.map(withNotes) })
    }),
    bills: (_r, a, ctx) => guard(ctx, READ_SCOPES, async (p) => {
      const page = await listBills(ctx.db, p.tenantId, parse(billFilters, withoutNulls({ ...a.filter, limit: a.limit, cursor: a.cursor }), 'filter'))
      // lines per bill: the same use-case as GET /v1/bills/:id
      return { ...page, items: page.items.map((b) => withDocumentUrl({ ...b, lines: async () => (await getBill(ctx.db, p.tenantId, b.id)).lines.map(withNotes) })) }
    }),
  }
  const Mutation: Record<string, Resolver> = {
    startBillRun: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, async (p) =>
      (await startBillRun(ctx.db, p.tenantId, parse(startBillRunInput, withoutNulls({ period: a.period, periodStart: a.periodStart }), 'arguments'), ctx.clock,
        { chunkSize: loadConfig().BILL_RUN_CHUNK_SIZE, requestedBy: p.keyId })).run),
    cancelBillRun: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) => cancelBillRun(ctx.db, p.tenantId, id(a.id))),
    recalculate: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, async (p) => {
      const r = await recalculate(ctx.db, p.tenantId, id(a.accountId), parse(recalculationInput, withoutNulls(a.input), 'input'), ctx.clock)
      return { ...r, lines: r.lines.map(withNotes),
        bill: r.bill && withDocumentUrl({ ...r.bill, lines: async () => (await getBill(ctx.db, p.tenantId, r.bill!.id)).lines.map(withNotes) }) }
    }),
  }
  return { Query, Mutation }
}

// Combined invoices over GraphQL (issue 12 §1): the same use-cases as
// /v1/invoices. Open to customers for invoices whose every account they hold;
// another's is null, as a missing one.
import { z } from 'zod'
import { READ_SCOPES } from '../app/auth/principal.ts'
import { invoiceListQuery } from '../app/invoices/invoice-dto.ts'
import { getInvoice, listInvoices } from '../app/invoices/invoices.queries.ts'
import { customerGuard } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'

const orNull = <T>(p: Promise<T>) => p.catch((e) => (e?.code === 'not_found' ? null : Promise.reject(e)))
/** Invoice.documentUrl: GraphQL carries no files, so it names the REST path of the PDF. */
const withDocumentUrl = <I extends { id: string }>(i: I) => ({ ...i, documentUrl: `/v1/invoices/${i.id}/document` })

export function invoiceResolvers() {
  const Query: Record<string, Resolver> = {
    invoice: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) =>
      orNull(getInvoice(ctx.db, s.tenantId, parse(z.uuid(), a.id, 'id'), s.accounts).then(withDocumentUrl))),
    // a customer's page holds the invoices whose every account it holds; none of this customer's: null, as for an unknown customer
    invoices: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) => {
      const q = parse(invoiceListQuery, withoutNulls({ customerId: a.customerId, period: a.period, limit: a.limit, cursor: a.cursor }), 'arguments')
      const page = await listInvoices(ctx.db, s.tenantId, q, s.accounts)
      if (s.accounts && page.items.length === 0) return null
      // sections and VAT per rate: the same use-case as GET /v1/invoices/:id, asked only when selected
      return { ...page, items: page.items.map((i) => {
        let full: ReturnType<typeof getInvoice> | undefined
        const one = () => (full ??= getInvoice(ctx.db, s.tenantId, i.id, s.accounts))
        return withDocumentUrl({ ...i, sections: async () => (await one()).sections, vat: async () => (await one()).vat })
      }) }
    }),
  }
  return { Query, Mutation: {} }
}

// Consumption over GraphQL (issue 12 §2): the same use-case and checks as
// GET /v1/{service-points,premises,accounts}/{id}/consumption. Open to
// customers for their own accounts' objects; another's answers null, as a missing one.
import { z } from 'zod'
import { READ_SCOPES } from '../app/auth/principal.ts'
import { accountOfBill, accountOfServicePoint, accountsAtPremises } from '../app/customer-auth/account-of.ts'
import { explainBillById } from '../app/consumption/bill-explanation.ts'
import { langOfAcceptLanguage } from '../app/consumption/explanation-texts.ts'
import { lang as langSchema } from '../app/documents/lang.ts'
import { consumption } from '../app/consumption/consumption.ts'
import { consumptionQuery } from '../app/consumption/consumption-dto.ts'
import type { ConsumptionScope } from '../app/consumption/consumption.queries.ts'
import { customerGuard, type GqlContext } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'

const id = (v: unknown, where: string) => parse(z.uuid(), v, where)
const orNull = <T>(p: Promise<T>) => p.catch((e) => (e?.code === 'not_found' ? null : Promise.reject(e)))

function field(ctx: GqlContext, a: Record<string, unknown>, scopeOf: (id: string) => ConsumptionScope, accountsOf: (tenantId: string, id: string) => Promise<readonly string[]>, arg = 'id') {
  return customerGuard(ctx, READ_SCOPES, async (s) => {
    const objectId = id(a[arg], arg)
    const q = parse(consumptionQuery, withoutNulls({ granularity: a.granularity, preset: a.preset, from: a.from, to: a.to, utility: a.utility }), 'arguments')
    // the arrays and the long form both: a query names the fields it wants
    q.include = 'buckets'
    if (s.accounts) {
      const own = (await accountsOf(s.tenantId, objectId)).filter((x) => s.accounts!.includes(x))
      if (!own.length) return null
    }
    return orNull(consumption(ctx.db, ctx.clock, s.tenantId, scopeOf(objectId), q, s.accounts))
  })
}

export function consumptionResolvers() {
  const Query: Record<string, Resolver> = {
    servicePointConsumption: (_r, a, ctx) => field(ctx, a, (x) => ({ kind: 'service_point', id: x }),
      async (t, x) => { const acc = await accountOfServicePoint(ctx.db, t, x); return acc ? [acc] : [] }),
    premisesConsumption: (_r, a, ctx) => field(ctx, a, (x) => ({ kind: 'premises', id: x }), (t, x) => accountsAtPremises(ctx.db, t, x)),
    accountConsumption: (_r, a, ctx) => field(ctx, a, (x) => ({ kind: 'account', id: x }), async (_t, x) => [x], 'accountId'),
    // GET /v1/bills/{id}/explanation's check: another's bill is null, as a missing one
    billExplanation: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) => {
      const billId = id(a.id, 'id')
      if (s.accounts && !s.accounts.includes((await accountOfBill(ctx.db, s.tenantId, billId)) ?? '')) return null
      const lang = a.lang === undefined || a.lang === null ? langOfAcceptLanguage(ctx.request.headers['accept-language']) : parse(langSchema, a.lang, 'lang')
      return orNull(explainBillById(ctx.db, ctx.clock, s.tenantId, billId, lang))
    }),
  }
  return { Query, Mutation: {} }
}

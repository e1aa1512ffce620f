// Ledger, balances, payments and penalties over GraphQL: the same use-cases
// as the REST routes in ledger.routes.ts and payments.routes.ts.
import { z } from 'zod'
import { validationError } from '../app/errors.ts'
import { READ_SCOPES, WRITE_SCOPES } from '../app/auth/principal.ts'
import { accountBalance, accountBalances } from '../app/ledger/balance.ts'
import { rangeQuery, statement } from '../app/ledger/statement.ts'
import { reconciliation } from '../app/ledger/reconciliation.ts'
import { candidatesQuery, disconnectionCandidates } from '../app/ledger/disconnection-candidates.ts'
import { accrueInput, accruePenalties } from '../app/ledger/penalties/accrue-penalties.ts'
import { paymentInput, paymentListQuery, reverseInput } from '../app/payments/payment-input.ts'
import { postPayment } from '../app/payments/post-payment.ts'
import { postPaymentsBulk } from '../app/payments/bulk-payments.ts'
import { reversePayment } from '../app/payments/reverse-payment.ts'
import { getPayment, listPayments } from '../app/payments/payment-queries.ts'
import { customerGuard, guard, type GqlContext } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'


/** Above this, use POST /v1/payments/bulk. */
const GRAPHQL_BATCH_MAX = 10_000

const id = (v: unknown, where: string) => parse(z.uuid(), v, where)
const orNull = <T>(p: Promise<T>) => p.catch((e) => (e?.code === 'not_found' ? null : Promise.reject(e)))

export function ledgerResolvers() {
  const Query: Record<string, Resolver> = {
    // Open to customers with GET /v1/accounts/{id}/balance's check: another's account is null, as a missing one.
    balance: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) => {
      const accountId = id(a.accountId, 'accountId')
      if (s.accounts && !s.accounts.includes(accountId)) return null
      return orNull(accountBalance(ctx.db, s.tenantId, accountId, ctx.clock))
    }),
    payment: (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) => orNull(getPayment(ctx.db, p.tenantId, id(a.id, 'id')))),
    payments: (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) => listPayments(ctx.db, p.tenantId,
      parse(paymentListQuery, { ...withoutNulls(a.filter), limit: a.limit ?? 50, ...(a.cursor ? { cursor: a.cursor } : {}) }, 'filter'))),
    // Open to customers like GET /v1/accounts/{id}/statement and …/reconciliation (seed 000 steps 7.1, 8.2): another's account is null.
    statement: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) => {
      const accountId = id(a.accountId, 'accountId')
      if (s.accounts && !s.accounts.includes(accountId)) return null
      return orNull(statement(ctx.db, s.tenantId, accountId, parse(rangeQuery, { from: a.from, to: a.to }, 'range')))
    }),
    reconciliationAct: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) => {
      const accountId = id(a.accountId, 'accountId')
      if (s.accounts && !s.accounts.includes(accountId)) return null
      return orNull(reconciliation(ctx.db, s.tenantId, accountId, parse(rangeQuery, { from: a.from, to: a.to }, 'range')))
    }),
    disconnectionCandidates: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, async (p) =>
      (await disconnectionCandidates(ctx.db, p.tenantId, parse(candidatesQuery, withoutNulls({ asOf: a.asOf }), 'args'), ctx.clock)).items),
  }
  const Mutation: Record<string, Resolver> = {
    postPayment: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) => postPayment(ctx.db, p.tenantId, parse(paymentInput, withoutNulls(a.input), 'input'))),
    postPayments: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) => {
      const rows = a.rows as Record<string, unknown>[]
      if (rows.length > GRAPHQL_BATCH_MAX) throw validationError(`at most ${GRAPHQL_BATCH_MAX} rows; use POST /v1/payments/bulk for more`, [{ path: 'rows', message: 'too many rows' }])
      return postPaymentsBulk(ctx.db, p.tenantId, rows.map(withoutNulls))
    }),
    reversePayment: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) => reversePayment(ctx.db, p.tenantId, id(a.id, 'id'),
      parse(reverseInput, withoutNulls({ reason: a.reason, reversedOn: a.reversedOn }), 'input'), ctx.clock)),
    accruePenalties: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) => accruePenalties(ctx.db, p.tenantId, id(a.accountId, 'accountId'),
      parse(accrueInput, { asOf: a.asOf }, 'input').asOf)),
  }
  return { Query, Mutation }
}

/** Account.balance for every account of a response in one query. */
export function ledgerLoaders() {
  return {
    Account: {
      balance: async (queries: { obj: { id: string } }[], ctx: GqlContext) => guard(ctx, READ_SCOPES, async (p) => {
        const byId = await accountBalances(ctx.db, p.tenantId, [...new Set(queries.map((q) => q.obj.id))], ctx.clock)
        return queries.map((q) => byId.get(q.obj.id) ?? null)
      }),
    },
  }
}

// The agreements overview over GraphQL: the same use-case as agreements.routes.ts,
// open to customers for their own accounts.
import { z } from 'zod'
import { READ_SCOPES } from '../app/auth/principal.ts'
import { agreementsQuery } from '../app/agreements/agreement-dto.ts'
import { listAgreements } from '../app/agreements/agreements.ts'
import { accountRef } from '../app/ledger/account-ref.ts'
import { customerGuard } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'

export function agreementResolvers() {
  const Query: Record<string, Resolver> = {
    agreements: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) => {
      const accountId = parse(z.uuid(), a.accountId, 'accountId')
      if (s.accounts && !s.accounts.includes(accountId)) return null
      const q = parse(agreementsQuery, withoutNulls({ utility: a.utility, status: a.status }), 'args')
      try {
        await accountRef(ctx.db, s.tenantId, accountId)
      } catch (e) {
        if ((e as { code?: string }).code === 'not_found') return null
        throw e
      }
      return listAgreements(ctx.db, s.tenantId, { ...q, accountId: [accountId] }, undefined, ctx.clock)
    }),
  }
  return { Query, Mutation: {} }
}

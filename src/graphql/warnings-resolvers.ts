// Written warnings over GraphQL: the same use-cases as warnings.routes.ts.
import { z } from 'zod'
import { READ_SCOPES, WRITE_SCOPES } from '../app/auth/principal.ts'
import { issueWarning, listWarnings, warningInput, warningListQuery } from '../app/ledger/warnings.ts'
import { guard } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'

const id = (v: unknown, where: string) => parse(z.uuid(), v, where)

export function warningResolvers() {
  const Query: Record<string, Resolver> = {
    warnings: (_r, a, ctx) => guard(ctx, READ_SCOPES, async (p) => {
      try {
        return (await listWarnings(ctx.db, p.tenantId, id(a.accountId, 'accountId'), parse(warningListQuery, withoutNulls({ kind: a.kind }), 'args'))).items
      } catch (e) {
        if ((e as { code?: string }).code === 'not_found') return null
        throw e
      }
    }),
  }
  const Mutation: Record<string, Resolver> = {
    issueWarning: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) =>
      issueWarning(ctx.db, p.tenantId, id(a.accountId, 'accountId'), parse(warningInput, withoutNulls(a.input), 'input'), ctx.clock)),
  }
  return { Query, Mutation }
}

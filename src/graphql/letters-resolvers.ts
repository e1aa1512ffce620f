// Letters and documents sent to a customer over GraphQL: the same use-case as
// letters.routes.ts, open to customers for their own accounts.
import { z } from 'zod'
import { READ_SCOPES } from '../app/auth/principal.ts'
import { accountLettersQuery } from '../app/letters/letter-dto.ts'
import { listLetters } from '../app/letters/letters.ts'
import { accountRef } from '../app/ledger/account-ref.ts'
import { customerGuard } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'

const orNull = <T>(p: Promise<T>) => p.catch((e) => (e?.code === 'not_found' ? null : Promise.reject(e)))

export function letterResolvers() {
  const Query: Record<string, Resolver> = {
    letters: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) => {
      const accountId = parse(z.uuid(), a.accountId, 'accountId')
      if (s.accounts && !s.accounts.includes(accountId)) return null
      const q = parse(accountLettersQuery, withoutNulls({ kind: a.kind, from: a.from, to: a.to, limit: a.limit, cursor: a.cursor }), 'args')
      return orNull(accountRef(ctx.db, s.tenantId, accountId).then(() => listLetters(ctx.db, s.tenantId, { ...q, accountId }, undefined)))
    }),
  }
  return { Query, Mutation: {} }
}

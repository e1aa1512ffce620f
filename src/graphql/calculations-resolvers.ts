// Query.calculate: the same use-case as POST /v1/calculations; the input has
// the REST body's fields, so validation paths read `input.<same path>`.
import { READ_SCOPES } from '../app/auth/principal.ts'
import { calculate } from '../app/calculations/calculate.ts'
import { calculationInput } from '../app/calculations/calculation-input.ts'
import type { CalculationDto } from '../app/calculations/calculation-output.ts'
import { validationError, zodIssues } from '../app/errors.ts'
import { guard } from './context.ts'
import { withoutNulls, type Resolver } from './args.ts'

type Trace = CalculationDto['lines'][number]['trace']

const trace = (t: Trace) => ({ ...t, notes: t.notes ?? [] })

/** GraphQL shapes: notes always a list, an error's own fields under `details`. */
function toGraphql(c: CalculationDto) {
  return {
    ...c,
    lines: c.lines.map((l) => ({ ...l, trace: trace(l.trace) })),
    volumes: c.volumes.map((v) => ({ ...v, trace: trace(v.trace) })),
    errors: c.errors.map((e) => {
      const { code, message, servicePointId, days, ...details } = e as Record<string, any>
      return { code, message, servicePointId, days, details }
    }),
  }
}

export function calculationResolvers() {
  const Query: Record<string, Resolver> = {
    calculate: (_r, a, ctx) => guard(ctx, READ_SCOPES, async (p) => {
      const r = calculationInput.safeParse(withoutNulls({ ...a.input }))
      if (!r.success) throw validationError('the input is not valid', zodIssues(r.error, 'input'))
      return toGraphql(await calculate(ctx.db, p.tenantId, r.data, ctx.clock, 'input'))
    }),
  }
  return { Query, Mutation: {} as Record<string, Resolver> }
}

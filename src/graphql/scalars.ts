import { GraphQLError, GraphQLScalarType, Kind } from 'graphql'
import { isPlausibleDate, PLAUSIBLE_DATES } from '../app/schemas.ts'

/** The refused value for the message: short, and never a deep structure serialized whole. */
const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : `a value of type ${v === null ? 'null' : typeof v}`)

function stringScalar(name: string, description: string, valid: (s: string) => boolean) {
  const check = (v: unknown) => {
    if (typeof v !== 'string' || !valid(v)) throw new GraphQLError(`${name} is not valid: ${shown(v)}`, { extensions: { code: 'validation_error' } })
    return v
  }
  return new GraphQLScalarType({
    name, description,
    serialize: (v) => (v instanceof Date ? v.toISOString() : String(v)),
    parseValue: check,
    parseLiteral: (ast) => check(ast.kind === Kind.STRING ? ast.value : undefined),
  })
}

const DECIMAL = /^\d{1,15}(\.\d{1,9})?$/

export const scalars = {
  Decimal: stringScalar('Decimal', 'decimal as a string', (s) => DECIMAL.test(s)),
  // Same window as the REST date schema (PLAUSIBLE_DATES).
  Date: stringScalar('Date', 'YYYY-MM-DD', isPlausibleDate),
  DateTime: stringScalar('DateTime', 'ISO 8601 instant', (s) => !Number.isNaN(Date.parse(s))
    && s.slice(0, 10) >= PLAUSIBLE_DATES.from && s.slice(0, 10) <= PLAUSIBLE_DATES.to),
  JSON: new GraphQLScalarType({
    name: 'JSON', serialize: (v) => v, parseValue: (v) => v,
    parseLiteral: function literal(ast): unknown {
      switch (ast.kind) {
        case Kind.STRING: case Kind.BOOLEAN: return ast.value
        // Whole numbers as numbers; fractions keep their exact text (decimals are strings here).
        case Kind.INT: return Number.isSafeInteger(Number(ast.value)) ? Number(ast.value) : ast.value
        case Kind.FLOAT: return ast.value
        case Kind.OBJECT: return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value)]))
        case Kind.LIST: return ast.values.map(literal)
        default: return null
      }
    },
  }),
}

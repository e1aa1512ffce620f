// What every resolver module needs to read its arguments.
import type { GqlContext } from './context.ts'

export type Resolver = (root: unknown, args: any, ctx: GqlContext) => Promise<unknown>

/** GraphQL sends null for omitted nullable fields; the zod inputs expect them absent. */
export const withoutNulls = (o: Record<string, unknown> | null | undefined) =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== null && v !== undefined))

export { parseInput as parse } from '../app/validate.ts'

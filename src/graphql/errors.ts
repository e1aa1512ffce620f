// GraphQL errors answered like REST problems: every error carries a stable
// extensions.code and the requestId, and no raw JavaScript error text (a
// stack overflow, a TypeError) reaches the caller.
import { GraphQLError } from 'graphql'
import mercurius from 'mercurius'
import type { MercuriusContext } from 'mercurius'
import { toAppError } from '../app/errors.ts'

type Execution = Parameters<typeof mercurius.defaultErrorFormatter>[0]

const MASKED = 'an internal error occurred; quote the requestId when reporting it'

function withCode(e: GraphQLError, code: string, message = e.message, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, originalError: e.originalError,
    extensions: { ...e.extensions, ...extra, code } })
}

/** One error, with its code; Mercurius wraps validation errors in one carrying `errors`. */
function classify(e: GraphQLError, log: MercuriusContext['reply']['log'] | undefined): GraphQLError[] {
  const orig = e.originalError as (Error & { errors?: unknown[]; code?: string; statusCode?: number }) | undefined
  if (orig && Array.isArray(orig.errors)) {
    return orig.errors.flatMap((x) => classify(x instanceof GraphQLError ? x : new GraphQLError((x as Error).message, { originalError: x as Error }), log))
  }
  if (typeof e.extensions?.code === 'string') return [e]
  if (!orig || orig instanceof GraphQLError) {
    // graphql-js' own syntax, validation and variable coercion errors: safe, caller-facing text.
    return [withCode(e, e.message.startsWith('Syntax Error') ? 'graphql_parse_failed' : 'graphql_validation_failed')]
  }
  if (orig.code === 'MER_ERR_GQL_QUERY_DEPTH') return [withCode(e, 'query_too_deep')]
  if (orig instanceof RangeError && /call stack/i.test(orig.message)) return [withCode(e, 'query_too_deep', 'the document is nested too deeply')]
  const app = toAppError(orig)
  if (app) return [withCode(e, app.code, app.message, app.issues?.length ? { errors: app.issues } : {})]
  if (typeof orig.code === 'string' && orig.code.startsWith('MER_ERR_') && (orig.statusCode ?? 500) < 500) return [withCode(e, 'bad_request')]
  log?.error({ err: orig }, 'unhandled GraphQL error')
  return [withCode(e, 'internal_error', MASKED)]
}

export function errorFormatter(execution: Execution, context: MercuriusContext): ReturnType<typeof mercurius.defaultErrorFormatter> {
  const { statusCode } = mercurius.defaultErrorFormatter(execution, context)
  const requestId = context.reply?.request.id
  const errors = execution.errors.flatMap((e) => classify(e, context.reply?.log))
    .map((e) => withCode(e, e.extensions.code as string, e.message, requestId ? { requestId } : {}).toJSON())
  return { statusCode, response: { data: execution.data ?? null, errors } }
}

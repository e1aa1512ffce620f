// What one GraphQL document may ask for. Each limit refuses the document
// before any resolver runs, with a stable extensions.code, so a hostile
// query cannot spend the database or the stack (issue §7).
import { GraphQLError, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql'
import { getComplexity, simpleEstimator } from 'graphql-query-complexity'
import { MAX_INPUT_DEPTH, unstorableText } from '../app/validate.ts'

/** Selection depth (Mercurius' queryDepth). Our deepest useful read (customer → accounts → service points → meters → readings, introspection's TypeRef) stays under it. */
export const MAX_QUERY_DEPTH = 15
/** Fields a document may select, aliases and fragment expansions included: one point per field (graphql-query-complexity's simpleEstimator). */
export const MAX_QUERY_COST = 500
/** Lexical tokens in a document (graphql-js parse maxTokens); our largest query, introspection, has about 300. */
export const MAX_QUERY_TOKENS = 5_000
/** Brackets ([{( ) open at once in the source; checked before parsing, whose recursion would otherwise overflow the stack. */
export const MAX_SOURCE_NESTING = MAX_QUERY_DEPTH + 2 * MAX_INPUT_DEPTH

export const limitError = (code: string, message: string) => new GraphQLError(message, { extensions: { code } })

/** Thrown from a Mercurius hook: answered as a 400 with these errors (as Mercurius' own validation errors are). */
export const refusal = (...errors: GraphQLError[]) => Object.assign(new Error('refused'), { statusCode: 400, errors })

/** The deepest bracket nesting of a GraphQL source, outside strings and comments, found without recursion. */
export function sourceNesting(source: string): number {
  let depth = 0
  let max = 0
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '#') { while (i < source.length && source[i] !== '\n') i++; continue }
    if (c === '"') {
      const block = source.startsWith('"""', i)
      const end = block ? '"""' : '"'
      i += end.length
      while (i < source.length && !source.startsWith(end, i)) { if (source[i] === '\\') i++; if (!block && source[i] === '\n') break; i++ }
      i += end.length - 1
      continue
    }
    if (c === '{' || c === '[' || c === '(') { depth++; if (depth > max) max = depth }
    else if (c === '}' || c === ']' || c === ')') depth--
  }
  return max
}

/** String literals in the document obey the rule every input string does (no NUL, no lone surrogate). */
const storableLiterals: ValidationRule = (context) => ({
  StringValue(node) {
    const why = unstorableText(node.value)
    if (why) context.reportError(new GraphQLError(`a string literal ${why}`, { nodes: node, extensions: { code: 'validation_error' } }))
  },
})

const estimators = [simpleEstimator({ defaultComplexity: 1 })]

/**
 * Refuse a document costlier than MAX_QUERY_COST. Run before execution, not
 * as a validation rule: the cost of @skip/@include depends on the variables,
 * which Mercurius' cached validation rules never see.
 */
export function checkCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined): void {
  const cost = getComplexity({ schema, query: document, variables: variables ?? {}, estimators })
  if (cost > MAX_QUERY_COST) {
    throw refusal(limitError('query_too_complex', `the document selects ${cost} fields (aliases and fragments included); at most ${MAX_QUERY_COST} are allowed`))
  }
}

/** With introspection off, the two entry points to the schema (__schema, __type) are refused; __typename stays. */
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(new GraphQLError(`introspection is disabled on this server (${node.name.value})`, { nodes: node, extensions: { code: 'introspection_disabled' } }))
    }
  },
})

export function validationRules(opts: { introspection: boolean }): ValidationRule[] {
  return [storableLiterals, ...(opts.introspection ? [] : [noIntrospection])]
}

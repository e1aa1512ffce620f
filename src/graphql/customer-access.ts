// Which GraphQL operations a customer access token may call (issue 10 §4),
// declared like the REST routes' `customer`: 'self' (the signed-in customer
// only; API keys get 403) or 'account' (open to keys by scope and to customers
// for their own accounts' objects; another's answers as a missing one).
// Everything not listed refuses customers with 403 (guard()). The GraphQL
// authorization matrix (test/graphql/authorization-matrix.test.ts) holds the
// resolvers to this list.
export const GRAPHQL_CUSTOMER_ACCESS: Readonly<Record<string, 'self' | 'account'>> = {
  me: 'self',
  bill: 'account',
  balance: 'account',
  servicePointConsumption: 'account',
  premisesConsumption: 'account',
  accountConsumption: 'account',
  billExplanation: 'account',
}

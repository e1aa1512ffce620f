// Which GraphQL operations a customer access token may call (issue 10 §4),
// declared like the REST routes' `customer`: 'self' (the signed-in customer
// only; API keys get 403) or 'account' (open to keys by scope and to customers
// for their own accounts' objects; another's answers as a missing one).
// Everything not listed refuses customers with 403 (guard()). The GraphQL
// authorization matrix (test/graphql/authorization-matrix.test.ts) holds the
// resolvers to this list.
import type { CustomerRole } from '../app/auth/principal.ts'

export const GRAPHQL_CUSTOMER_ACCESS: Readonly<Record<string, 'self' | 'account'>> = {
  me: 'self',
  linkAccount: 'self',
  unlinkAccount: 'self',
  bill: 'account',
  balance: 'account',
  // issue 10 §5: delegated access (delegation-resolvers.ts)
  inviteDelegate: 'self',
  acceptDelegation: 'self',
  revokeDelegation: 'account',
  // issue 10 §5: facility groups (facility-group-resolvers.ts); read under `me`
  createFacilityGroup: 'self',
  updateFacilityGroup: 'self',
  deleteFacilityGroup: 'self',
  serviceRequest: 'account',
  serviceRequests: 'account',
  pickupSchedule: 'account',
  wasteSubscriptions: 'account',
  letters: 'account',
  agreements: 'account',
  statement: 'account',
  reconciliationAct: 'account',
  submitReading: 'account',
  servicePointConsumption: 'account',
  premisesConsumption: 'account',
  accountConsumption: 'account',
  billExplanation: 'account',
  // issue 12 §1: combined invoices (invoice-resolvers.ts), for a customer holding every account on them
  invoice: 'account',
  invoices: 'account',
}

/**
 * The role an 'account' operation needs beyond view (issue 10 §5): a customer
 * holding its own account with less gets `forbidden`, as REST's admit() answers
 * 403 (resolvers pass it to requireAccount; the matrix checks both agree).
 */
export const GRAPHQL_CUSTOMER_ROLE: Readonly<Record<string, CustomerRole>> = {
  submitReading: 'submit_readings',
}

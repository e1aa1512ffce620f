export const SCOPES = ['admin', 'accounting', 'portal', 'readonly'] as const
export type Scope = (typeof SCOPES)[number]

/**
 * What a customer may do with one account (issue 10 §4–5), weakest first: a
 * role includes the ones before it. The customer who linked the account
 * (surname/INN + number, seed 000 step 5) manages it; delegates get what the
 * invitation says.
 */
export const CUSTOMER_ROLES = ['view', 'submit_readings', 'manage'] as const
export type CustomerRole = (typeof CUSTOMER_ROLES)[number]

/** One tenant's API key and its scopes: sees every object of the tenant its scopes allow. */
export interface ApiKeyPrincipal {
  kind: 'api_key'
  tenantId: string
  keyId: string
  scopes: Scope[]
}

/**
 * A customer user signed in with a customer access token: sees only the
 * accounts in `accounts` (linked or delegated, loaded for each request, so an
 * unlink or a revoked delegation takes effect at once) and what hangs from them.
 */
export interface CustomerPrincipal {
  kind: 'customer'
  tenantId: string
  customerUserId: string
  /** the refresh-token family the access token was issued in (sign-out revokes it) */
  sessionId: string
  /** account id → the customer's role on it */
  accounts: ReadonlyMap<string, CustomerRole>
}

/** A tenant's caller: an API key or a signed-in customer. Every tenant route serves one of these. */
export type Principal = ApiKeyPrincipal | CustomerPrincipal

/**
 * The platform operator (issue 10 §7), one credential set by configuration
 * (AQUALEDGER_OPERATOR_TOKEN_SHA256): creates and lists tenants and rotates
 * the signing keys, nothing else. It belongs to no tenant, so it is not a
 * `Principal`: authenticate() refuses it (403) on every tenant route.
 */
export interface OperatorPrincipal {
  kind: 'operator'
}

export type AnyPrincipal = Principal | OperatorPrincipal

/** Who may read records, and who may write them (admin always may). */
export const READ_SCOPES: Scope[] = ['readonly', 'portal', 'accounting']
export const WRITE_SCOPES: Scope[] = ['accounting']

export function hasAnyScope(principal: ApiKeyPrincipal, wanted: readonly Scope[]): boolean {
  if (principal.scopes.includes('admin')) return true
  return wanted.some((s) => principal.scopes.includes(s))
}

/** A customer's role covers the one an operation needs (manage ⊇ submit_readings ⊇ view). */
export function roleCovers(held: CustomerRole, needed: CustomerRole): boolean {
  return CUSTOMER_ROLES.indexOf(held) >= CUSTOMER_ROLES.indexOf(needed)
}

/** The accounts a customer holds with at least `role`. */
export function accountsWith(p: CustomerPrincipal, role: CustomerRole = 'view'): string[] {
  return [...p.accounts].filter(([, r]) => roleCovers(r, role)).map(([id]) => id)
}

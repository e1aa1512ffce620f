export const SCOPES = ['admin', 'accounting', 'portal', 'readonly'] as const
export type Scope = (typeof SCOPES)[number]

/** Who is calling: one tenant's API key and its scopes. */
export interface Principal {
  tenantId: string
  keyId: string
  scopes: Scope[]
}

/** Who may read records, and who may write them (admin always may). */
export const READ_SCOPES: Scope[] = ['readonly', 'portal', 'accounting']
export const WRITE_SCOPES: Scope[] = ['accounting']

export function hasAnyScope(principal: Principal, wanted: readonly Scope[]): boolean {
  if (principal.scopes.includes('admin')) return true
  return wanted.some((s) => principal.scopes.includes(s))
}

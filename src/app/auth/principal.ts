export const SCOPES = ['admin', 'accounting', 'portal', 'readonly'] as const
export type Scope = (typeof SCOPES)[number]

/** Who is calling: one tenant's API key and its scopes. */
export interface Principal {
  tenantId: string
  keyId: string
  scopes: Scope[]
}

export function hasAnyScope(principal: Principal, wanted: readonly Scope[]): boolean {
  if (principal.scopes.includes('admin')) return true
  return wanted.some((s) => principal.scopes.includes(s))
}

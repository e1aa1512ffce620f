import type { z } from 'zod'
import type { createTenantInput } from '../tenants/tenants.ts'
import type { Rng } from './random.ts'
import type { DemoWriter } from './writer.ts'

export interface DemoTenant {
  /** short code used in the printed variable names: AQL_KEY_RU */
  code: 'RU' | 'IR' | 'SE'
  /** fixed, so a second run finds the tenant instead of adding another */
  tenantId: string
  tenant: z.input<typeof createTenantInput>
  /** builds the tenant's records; scale 1 ≈ 100–200 service points */
  build(w: DemoWriter, rng: Rng, scale: number): Promise<void>
}

/** How many of a thing at a scale, never fewer than `min`. */
export const count = (base: number, scale: number, min = 2) => Math.max(min, Math.round(base * scale))

import type { Scope } from '../auth/principal.ts'

/** Customers submit their own readings through portals (seeds 000, 001); the utility's systems do too. */
export const SUBMIT_READING_SCOPES: Scope[] = ['accounting', 'portal']

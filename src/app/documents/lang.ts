// The languages payment documents are printed in, and the one a tenant's
// locale or a ?lang= override picks.
import { z } from 'zod'

export const LANGS = ['ru', 'fa', 'sv', 'en'] as const
export type Lang = (typeof LANGS)[number]
export const lang = z.enum(LANGS)

export const langQuery = z.object({ lang: lang.optional().describe('print in this language instead of the tenant\'s') }).strict()

/** 'fa-IR' → 'fa'; a locale we have no texts for prints in English. */
export function langOfLocale(locale: string): Lang {
  const code = locale.slice(0, 2).toLowerCase()
  return (LANGS as readonly string[]).includes(code) ? (code as Lang) : 'en'
}

export const isRtl = (l: Lang): boolean => l === 'fa'

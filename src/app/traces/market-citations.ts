// Traces fit the tenant (issue 9 §4): the core's rules cite the Russian
// decrees and the Russian utility's memo they come from (Decree 776 §17,
// Decree 354 formula 4(1), memo 003). A Russian customer can look those up;
// to a Swedish or Iranian customer they are noise from another country's
// law. The stored trace keeps every citation (it is the audit record); what
// a non-Russian tenant's clients are shown drops them. Pure text in, text out.

/** A parenthesis that is only a citation: "(Decree 776 §16b)", "(Decree 354 formula 4(1), memo 003)". */
const CITATION_ONLY = /\s*\((?:Decree|memo|Rules)\b[^()]*(?:\([^()]*\)[^()]*)*\)/g
/** A citation inside other words: "capacity: Decree 776 §16", "…, Decree 354 §59", "memo 003: …". */
const CITATION = /(?:[,;:]\s*)?\b(?:Decree \d+(?:\s+(?:§\s?[\w.–-]+(?:\(\d+\))?|formula \d+\(\d+\)))*(?:,\s*§\s?[\w.–-]+)*|memo \d+)\b(?:\s*[:;])?/g

/** Whether the tenant's customers are shown the Russian legal citations (a Russian tenant: locale ru-RU). */
export const citesRussianLaw = (locale: string): boolean => /^ru(-|$)/i.test(locale)

/** A rule or formula text without Russian legal citations. */
export function withoutCitations(text: string): string {
  return text.replace(CITATION_ONLY, '').replace(CITATION, '').replace(/\(\s*\)/g, '').replace(/\s{2,}/g, ' ').replace(/\s+([,;:)])/g, '$1').trim()
}

const TEXT_KEYS = new Set(['rule', 'formula', 'notes'])

/**
 * A calculation's or a bill's answer as a tenant's clients see it: every
 * trace text (rule, formula, notes) at any depth without Russian citations;
 * unchanged for a Russian tenant.
 */
export function fitToTenant<T>(value: T, locale: string): T {
  return citesRussianLaw(locale) ? value : strip(value, false) as T
}

function strip(value: unknown, text: boolean): unknown {
  if (typeof value === 'string') return text ? withoutCitations(value) : value
  if (Array.isArray(value)) return value.map((v) => strip(v, text))
  if (value === null || typeof value !== 'object' || value instanceof Date) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = strip(v, text || TEXT_KEYS.has(k))
  return out
}

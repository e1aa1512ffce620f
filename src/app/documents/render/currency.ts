// The currency as the reader writes it after an amount.
import type { Lang } from '../lang.ts'

const WORDS: Partial<Record<Lang, Record<string, string>>> = {
  ru: { RUB: 'руб.' },
  sv: { SEK: 'kr' },
  fa: { IRR: 'ریال' },
}

export const currencyWord = (lang: Lang, currency: string): string => WORDS[lang]?.[currency] ?? currency

// Numbers and dates as a reader of each language expects them. Amounts and
// volumes arrive as decimal strings and are formatted as strings (grouping
// and separators by hand): no value passes through a binary float.
import { dec } from '../../core/shared/decimal.ts'
import { addDays } from '../../core/shared/dates.ts'
import type { Lang } from './lang.ts'
import { toSolarHijri } from '../../core/shared/solar-hijri.ts'

export type Calendar = 'gregorian' | 'solar_hijri'

const NBSP = '\u00a0'
const SEPARATORS: Record<Lang, { group: string; decimal: string }> = {
  ru: { group: NBSP, decimal: ',' },
  sv: { group: NBSP, decimal: ',' },
  en: { group: ',', decimal: '.' },
  fa: { group: '٬', decimal: '٫' }, // Arabic thousands and decimal separators, as Persian texts print them
}
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹'

export const persianDigits = (s: string): string => s.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]!)

export interface Formatter {
  lang: Lang
  /** digits in the language's script: identifiers, counts */
  digits(s: string | number): string
  /** a money amount in the tenant's minor units, grouped: '1 234,50' */
  money(amount: string): string
  /** a volume or rate as stored, trailing zeros dropped: '549,3744' */
  decimal(value: string): string
  /**
   * a volume for the reader: to the litre (3 places), '≈' when that rounded
   * it (an averaged volume has many places; the amount and the trace in the
   * API keep the exact one)
   */
  volume(value: string): string
  /** a calendar day in the tenant's calendar */
  date(iso: string): string
  /** a half-open interval [from, to) shown with its last day */
  interval(from: string, to: string): string
}

function grouped(plain: string, lang: Lang): string {
  const { group, decimal } = SEPARATORS[lang]
  const negative = plain.startsWith('-')
  const [int = '0', frac] = (negative ? plain.slice(1) : plain).split('.')
  const withGroups = int.replace(/\B(?=(\d{3})+(?!\d))/g, group)
  return `${negative ? '−' : ''}${withGroups}${frac !== undefined ? decimal + frac : ''}`
}

/** volumes on documents are shown to the litre */
const VOLUME_PLACES = 3

const trimZeros = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s)

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export function formatter(lang: Lang, calendar: Calendar, minorUnits: number): Formatter {
  const digits = (s: string | number) => (lang === 'fa' ? persianDigits(String(s)) : String(s))
  const date = (iso: string): string => {
    if (calendar === 'solar_hijri') {
      const h = toSolarHijri(iso)
      return digits(`${h.year}/${String(h.month).padStart(2, '0')}/${String(h.day).padStart(2, '0')}`)
    }
    const [y, m, d] = iso.split('-') as [string, string, string]
    switch (lang) {
      case 'ru': return `${d}.${m}.${y}`
      case 'en': return `${Number(d)} ${MONTHS_EN[Number(m) - 1]} ${y}`
      case 'fa': return digits(`${y}/${m}/${d}`)
      default: return iso
    }
  }
  return {
    lang,
    digits,
    money: (amount) => digits(grouped(dec(amount).toFixed(minorUnits), lang)),
    decimal: (value) => digits(grouped(trimZeros(dec(value).toFixed()), lang)),
    volume: (value) => {
      const exact = dec(value)
      const shown = exact.round(VOLUME_PLACES, 'half_up')
      return `${shown.eq(exact) ? '' : '≈'}${digits(grouped(trimZeros(shown.toFixed()), lang))}`
    },
    date,
    interval: (from, to) => `${date(from)} – ${date(addDays(to, -1))}`,
  }
}

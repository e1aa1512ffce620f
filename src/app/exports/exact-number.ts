// When a stored decimal may become a spreadsheet number. An XLSX number is an
// IEEE double, and Excel keeps 15 significant digits: '0.1' survives (Excel
// reads the double back as 0.1), but '12345678901234567.89' or a value with
// 16+ significant digits would come back changed. Money must never be
// changed silently, so such a value is written as text instead.
import { Big } from '../../core/shared/decimal.ts'

const EXCEL_DIGITS = 15

/** The number for `text` when it round-trips exactly, else undefined. */
export function exactNumber(text: string): number | undefined {
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n)) return undefined
  try {
    const stored = new Big(text)
    if (stored.c.length > EXCEL_DIGITS) return undefined
    return new Big(String(n)).eq(stored) ? n : undefined
  } catch {
    return undefined
  }
}

/** Decimal places as stored: '100.50' → 2 (a spreadsheet shows what the ledger holds). */
export function scaleOf(text: string): number {
  const dot = text.indexOf('.')
  return dot < 0 ? 0 : text.length - dot - 1
}

// Stored decimals as spreadsheet numbers. An XLSX number is an IEEE double,
// and Excel keeps 15 significant digits: '0.1' survives (Excel reads the
// double back as 0.1), '12345678901234567.89' would come back as the nearest
// double (the CSV export keeps every digit). Every money and volume column
// holds number cells (issue 9 §3: one type per column, so SUM counts every row).
/** The number cell for a stored decimal (Postgres numeric text: plain, never an exponent). */
export function numberOf(text: string): number {
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n)) throw new RangeError(`not a decimal: ${text}`)
  return n
}

/** Decimal places as stored: '100.50' → 2 (a spreadsheet shows what the ledger holds). */
export function scaleOf(text: string): number {
  const dot = text.indexOf('.')
  return dot < 0 ? 0 : text.length - dot - 1
}

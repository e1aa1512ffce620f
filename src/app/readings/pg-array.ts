// Postgres array literals built in one pass. The bulk path sends a chunk's
// columns as arrays (insert … select from unnest); pg's own serialiser
// escapes element by element, which dominates at 10,000 rows a chunk. Every
// element here is already validated (uuids, ISO instants, decimals, fixed
// codes), so quoting without escaping is exact; anything with a quote or a
// backslash is refused rather than escaped wrongly.

export function pgArray(values: readonly (string | null)[]): string {
  let out = '{'
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (i) out += ','
    if (v === null || v === undefined) { out += 'NULL'; continue }
    if (v.includes('"') || v.includes('\\')) throw new Error('pgArray: unescaped element')
    out += '"' + v + '"'
  }
  return out + '}'
}

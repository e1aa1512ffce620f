// Readings in COPY's binary format (PostgreSQL docs, "COPY", Binary Format):
// Postgres then stores each field as given instead of parsing text. Parsing
// the timestamptz and numeric texts was ~17% of a text COPY into readings
// (the same rows, text against binary, into the same table). Every field is
// already validated by the intake (uuids, instants, plain decimals, fixed
// codes), so the encoding has no cases to refuse.
//
// Field layouts (send/recv functions of Postgres's types):
//   int8         8 bytes, big-endian
//   uuid         16 bytes
//   timestamptz  int8: microseconds since 2000-01-01 00:00 UTC
//   numeric      int16 ndigits, int16 weight, int16 sign, int16 dscale, then
//                ndigits base-10000 digits (int16); Postgres strips zero
//                digit groups itself, and dscale keeps the submitted scale
//   text         the bytes (every text here is ASCII)
//   text[]       int32 ndim, int32 has-nulls, int32 element type (text, 25),
//                per dimension int32 length and lower bound, then elements

const SIGNATURE = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00])
const TEXT_OID = 25
/** 2000-01-01 00:00 UTC, Postgres's epoch, in Unix ms */
const PG_EPOCH_MS = 946_684_800_000
const TWO_32 = 4_294_967_296
/** a piece sent at a time: big enough that a write is cheap, small enough that Postgres starts early */
const PIECE_BYTES = 256 * 1024

const HEX = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) HEX[48 + i] = i
for (let i = 0; i < 6; i++) { HEX[97 + i] = 10 + i; HEX[65 + i] = 10 + i }

/** Builds the COPY stream in pieces; take() hands over what is written so far. */
export class BinaryCopyWriter {
  private buf = Buffer.allocUnsafe(PIECE_BYTES)
  private pos = 0

  constructor() {
    this.buf.set(SIGNATURE, 0)
    this.buf.writeInt32BE(0, 11) // flags
    this.buf.writeInt32BE(0, 15) // header extension length
    this.pos = 19
  }

  get length(): number { return this.pos }

  /** The bytes written since the last take(). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos)
    this.buf = Buffer.allocUnsafe(PIECE_BYTES)
    this.pos = 0
    return out
  }

  /** Room for n more bytes (a row is far smaller than a piece). */
  private room(n: number, pieces: Buffer[]): void {
    if (this.pos + n <= this.buf.length) return
    if (this.pos) pieces.push(this.take())
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n)
  }

  /** Start a row of `fields` fields with at most `bytes` bytes of field data; full pieces go to `pieces`. */
  row(fields: number, bytes: number, pieces: Buffer[]): void {
    this.room(2 + 4 * fields + bytes, pieces)
    this.buf.writeInt16BE(fields, this.pos)
    this.pos += 2
  }

  null(): void {
    this.buf.writeInt32BE(-1, this.pos)
    this.pos += 4
  }

  /** A bigint column from its decimal text (a reading id from the identity sequence). */
  int8(text: string): void {
    const b = this.buf
    b.writeInt32BE(8, this.pos)
    const n = Number(text)
    if (Number.isSafeInteger(n)) {
      const lo = ((n % TWO_32) + TWO_32) % TWO_32
      b.writeInt32BE((n - lo) / TWO_32, this.pos + 4)
      b.writeUInt32BE(lo, this.pos + 8)
    } else {
      b.writeBigInt64BE(BigInt(text), this.pos + 4)
    }
    this.pos += 12
  }

  /** A uuid from its canonical text (8-4-4-4-12 hex digits). */
  uuid(text: string): void {
    const b = this.buf
    b.writeInt32BE(16, this.pos)
    let p = this.pos + 4
    for (let i = 0; i < 36;) {
      if (i === 8 || i === 13 || i === 18 || i === 23) i++
      b[p++] = (HEX[text.charCodeAt(i)]! << 4) | HEX[text.charCodeAt(i + 1)]!
      i += 2
    }
    this.pos = p
  }

  /**
   * A timestamptz from Unix ms and the µs below them. Exact in doubles:
   * ms since 2000 split at 2^32 keeps every partial product below 2^53.
   */
  timestamptz(ms: number, micro: number): void {
    const b = this.buf
    b.writeInt32BE(8, this.pos)
    const t = ms - PG_EPOCH_MS
    const tl = ((t % TWO_32) + TWO_32) % TWO_32
    const th = (t - tl) / TWO_32
    const low = tl * 1000 + micro
    const carry = Math.floor(low / TWO_32)
    b.writeInt32BE(th * 1000 + carry, this.pos + 4)
    b.writeUInt32BE(low - carry * TWO_32, this.pos + 8)
    this.pos += 12
  }

  /** ASCII text. */
  text(s: string): void {
    this.pos = ascii(this.buf, s, this.pos)
  }

  /** A one-dimensional text[] without nulls (reason codes). */
  textArray(items: readonly string[]): void {
    const b = this.buf
    const start = this.pos
    let p = start + 4
    b.writeInt32BE(items.length ? 1 : 0, p)
    b.writeInt32BE(0, p + 4)
    b.writeInt32BE(TEXT_OID, p + 8)
    p += 12
    if (items.length) {
      b.writeInt32BE(items.length, p)
      b.writeInt32BE(1, p + 4)
      p += 8
      for (const s of items) p = ascii(b, s, p)
    }
    b.writeInt32BE(p - start - 4, start)
    this.pos = p
  }

  /**
   * A non-negative plain decimal ("0012.50": digits, an optional fraction),
   * with its scale as written, as Postgres's numeric input would store it.
   */
  numeric(s: string): void {
    const b = this.buf
    const dot = s.indexOf('.')
    const intEnd = dot < 0 ? s.length : dot
    let i0 = 0
    while (i0 < intEnd && s.charCodeAt(i0) === 48) i0++
    const dscale = dot < 0 ? 0 : s.length - dot - 1
    const intGroups = Math.ceil((intEnd - i0) / 4)
    const fracGroups = Math.ceil(dscale / 4)
    const ndigits = intGroups + fracGroups
    b.writeInt32BE(8 + 2 * ndigits, this.pos)
    b.writeInt16BE(ndigits, this.pos + 4)
    b.writeInt16BE(intGroups - 1, this.pos + 6) // weight: groups before the point, less one
    b.writeInt16BE(0, this.pos + 8) // sign: positive
    b.writeInt16BE(dscale, this.pos + 10)
    let p = this.pos + 12
    // whole part: groups of four digits aligned on the point, the first one short
    let i = i0
    let width = (intEnd - i0) % 4 || 4
    for (let g = 0; g < intGroups; g++) {
      let d = 0
      for (const end = i + width; i < end; i++) d = d * 10 + s.charCodeAt(i) - 48
      b.writeInt16BE(d, p)
      p += 2
      width = 4
    }
    // fraction: groups of four from the point, the last one padded with zeros
    i = intEnd + 1
    for (let g = 0; g < fracGroups; g++) {
      let d = 0
      for (let k = 0; k < 4; k++, i++) d = d * 10 + (i < s.length ? s.charCodeAt(i) - 48 : 0)
      b.writeInt16BE(d, p)
      p += 2
    }
    this.pos = p
  }

  /** The end of the stream (the caller writes it once, after the last row). */
  trailer(pieces: Buffer[]): void {
    this.room(2, pieces)
    this.buf.writeInt16BE(-1, this.pos)
    this.pos += 2
  }
}

/** A length-prefixed ASCII string at p (short codes: a loop beats Buffer.write's call); returns the end. */
function ascii(b: Buffer, s: string, p: number): number {
  b.writeInt32BE(s.length, p)
  p += 4
  for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i)
  return p
}

/** Field bytes of a numeric of up to 15 whole and 9 fractional digits: 4 + 8 + 2 × 7 groups. */
export const NUMERIC_MAX_BYTES = 26

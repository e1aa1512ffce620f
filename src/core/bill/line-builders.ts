// Fixed-fee, percent (surcharge and tax) and information lines of one tariff piece.
import { Big } from '../shared/decimal.ts'
import type { CompiledPercent } from '../tariff/compile-schedule.ts'
import type { TariffPiece } from '../tariff/select-tariff.ts'
import type { ChargeLine } from './charge-line.ts'
import type { MoneyPolicy } from './money-policy.ts'
import { money, roundLine } from './money-policy.ts'
import { lazyTrace } from './lazy-trace.ts'

export interface ComposeContext {
  policy: MoneyPolicy
  periodDays: number
  units: number
  dwellings: number
  diameter: string | undefined
  flags: string[]
  volumePlaces: number
}

/** A line of one piece with its rounded amount kept as Big for further sums. */
export interface PieceLine {
  name: string
  amount: Big
  line: ChargeLine
}

function rounded(ctx: ComposeContext): string {
  return `(${ctx.policy.lineRounding}, ${ctx.policy.minorUnits} places)`
}

export function feeLines(ctx: ComposeContext, service: string, piece: TariffPiece, isLastPiece: boolean, out: PieceLine[]): void {
  for (const fee of piece.version.fixedFees) {
    if (fee.diameter !== undefined && fee.diameter !== ctx.diameter) continue
    if (!fee.proRata && !isLastPiece) continue
    const count = fee.per === 'dwelling' ? ctx.dwellings : 1
    let exact = fee.value.times(count)
    let formula = `${fee.amount} × ${count} ${fee.per === 'dwelling' ? 'dwellings' : 'connection'}`
    if (fee.proRata && piece.days !== ctx.periodDays) {
      exact = exact.times(piece.days).div(ctx.periodDays)
      formula += ` × ${piece.days} / ${ctx.periodDays} days`
    }
    const amount = roundLine(ctx.policy, exact)
    const amountText = money(ctx.policy, amount)
    out.push({
      name: fee.line,
      amount,
      line: {
        service, kind: 'fixed_fee', line: fee.line, interval: piece.interval, rate: fee.amount,
        amount: amountText, tariffVersion: piece.version.id,
        trace: lazyTrace(`fixed fee ${fee.line}: tariff ${piece.version.id}`, () => ({
          inputs: { amount: fee.amount, per: fee.per, count, diameter: fee.diameter ?? null, proRata: fee.proRata },
          formula: `${formula} = ${exact.toFixed()} → ${amountText} ${rounded(ctx)}`,
          ...(fee.proRata ? {} : { notes: ['not pro rata: charged once, by the tariff in force on the last day of the period'] }),
        })),
      },
    })
  }
}

/** Surcharges or taxes: percent of the named lines of the same piece, as rounded. */
export function percentLines(
  ctx: ComposeContext, service: string, piece: TariffPiece, rules: CompiledPercent[], kind: 'surcharge' | 'tax', out: PieceLine[],
): void {
  for (const rule of rules) {
    if (rule.when !== undefined && !ctx.flags.includes(rule.when)) continue
    const all = rule.of.length === 1 && rule.of[0] === '*'
    let base: Big | null = null
    const terms: Big[] = []
    for (let i = 0; i < out.length; i++) {
      const l = out[i]!
      if (all || rule.of.includes(l.name)) {
        base = base === null ? l.amount : base.plus(l.amount)
        terms.push(l.amount)
      }
    }
    if (base === null) continue
    const b = base
    const exact = b.times(rule.fraction)
    const amount = roundLine(ctx.policy, exact)
    const amountText = money(ctx.policy, amount)
    out.push({
      name: rule.line,
      amount,
      line: {
        service, kind, line: rule.line, interval: piece.interval, rate: rule.percent,
        amount: amountText, tariffVersion: piece.version.id,
        trace: lazyTrace(`${kind} ${rule.line} ${rule.percent}% of ${rule.of.join(' + ')}: tariff ${piece.version.id}`, () => ({
          inputs: { percent: rule.percent, base: b.toFixed(), of: rule.of.join(',') },
          formula: `(${terms.map((x) => x.toFixed()).join(' + ')}) × ${rule.percent}% = ${exact.toFixed()} → ${amountText} ${rounded(ctx)}`,
        })),
      },
    })
  }
}

/** Cost price and subsidy per m³ as information lines (seed 002 items 28–29); never summed. */
export function infoLines(ctx: ComposeContext, service: string, piece: TariffPiece, pieceLines: PieceLine[], out: ChargeLine[]): void {
  const cost = piece.version.costPrice
  if (cost === null) return
  let volume = new Big(0)
  let charged = new Big(0)
  for (const l of pieceLines) {
    if (l.line.kind !== 'volume') continue
    volume = volume.plus(l.line.volume ?? 0)
    charged = charged.plus(l.amount)
  }
  const full = roundLine(ctx.policy, volume.times(cost))
  const subsidy = full.minus(charged)
  const costText = piece.version.source.costPricePerM3 ?? cost.toFixed()
  out.push({
    service, kind: 'info', line: 'cost_price', interval: piece.interval, volume: volume.toFixed(), rate: costText,
    amount: money(ctx.policy, full), tariffVersion: piece.version.id,
    trace: { rule: 'cost price, information only (seed 002 item 28)', inputs: { volume: volume.toFixed(), costPerM3: costText }, formula: `${volume.toFixed()} m³ × ${costText} = ${full.toFixed()}` },
  }, {
    service, kind: 'info', line: 'subsidy', interval: piece.interval, amount: money(ctx.policy, subsidy), tariffVersion: piece.version.id,
    trace: { rule: 'government subsidy = cost price − volume charges, information only (seed 002 item 29)', inputs: { cost: full.toFixed(), charged: charged.toFixed() }, formula: `${full.toFixed()} − ${charged.toFixed()} = ${subsidy.toFixed()}` },
  })
}

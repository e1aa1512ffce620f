// A one-line progress bar for a terminal (stderr, redrawn with \r): done /
// total, failed, rate and ETA of a bill run.
import type { BillRunDto } from '../app/billing/bill-runs.ts'

export function progressLine(r: BillRunDto, width = 30): string {
  const processed = r.done + r.failed
  const share = r.total > 0 ? Math.min(1, processed / r.total) : 1
  const filled = Math.round(share * width)
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled)
  const rate = r.ratePerSecond === null ? '' : ` ${r.ratePerSecond}/s`
  const eta = r.etaSeconds === null || r.status !== 'running' ? '' : ` ETA ${formatSeconds(r.etaSeconds)}`
  return `${bar} ${(share * 100).toFixed(0).padStart(3)}% ${processed}/${r.total} (${r.failed} failed)${rate}${eta} ${r.status}`
}

function formatSeconds(s: number): string {
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
}

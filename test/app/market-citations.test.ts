// Traces fit the tenant (issue 9 §4): a non-Russian tenant's clients are not
// shown the Russian decrees and memo the core's rules cite; a Russian one is.
import t from 'tap'
import { fitToTenant, withoutCitations } from '../../src/app/traces/market-citations.ts'

t.test('citations go, the rule and its numbers stay', async (t) => {
  const cases: [string, string][] = [
    ['rule 4 meter_failure (m1 failed on 2026-03-15): capacity from day 61 (Decree 776 §16b)', 'rule 4 meter_failure (m1 failed on 2026-03-15): capacity from day 61'],
    ['volume (capacity: Decree 776 §16): 3.14 × 0.015² / 4 × 1.2 × 2592000 = 549.3744', 'volume (capacity): 3.14 × 0.015² / 4 × 1.2 × 2592000 = 549.3744'],
    ['estimated by the Decree 354 average, period 1 of 3 (Decree 354 §59), ESTIMATE until an actual reading arrives', 'estimated by the average, period 1 of 3, ESTIMATE until an actual reading arrives'],
    ['normative (Decree 354 formula 4(1), memo 003): P = n × N × K × T', 'normative: P = n × N × K × T'],
    ['losses to the boundary (Decree 776 §21): 100 × 2% = 2', 'losses to the boundary: 100 × 2% = 2'],
    ['metered: 108 − 100 = 8', 'metered: 108 − 100 = 8'],
  ]
  for (const [text, shown] of cases) t.equal(withoutCitations(text), shown)
})

t.test('only trace texts change, and only for a non-Russian tenant', async (t) => {
  const answer = { lines: [{ amount: '10.00', trace: { rule: 'capacity (Decree 776 §16)', inputs: { note: 'Decree 776' }, notes: ['losses (Decree 776 §21): 1'] } }] }
  t.same(fitToTenant(answer, 'sv-SE'), { lines: [{ amount: '10.00', trace: { rule: 'capacity', inputs: { note: 'Decree 776' }, notes: ['losses: 1'] } }] })
  t.equal(fitToTenant(answer, 'ru-RU'), answer, 'a Russian tenant sees the decrees')
})

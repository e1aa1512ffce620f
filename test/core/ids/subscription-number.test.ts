import t from 'tap'
import {
  buildSubscriptionNumber, isValidSubscriptionNumber, parseSubscriptionNumber,
} from '../../../src/core/ids/subscription-number.ts'

t.test('county 2 + village 4 + subscriber + check digit', async (t) => {
  const n = buildSubscriptionNumber({ county: '12', village: '0345', subscriber: '678' })
  t.equal(n.length, 10)
  t.equal(n.slice(0, 9), '120345678')
  t.ok(isValidSubscriptionNumber(n))
  t.same(parseSubscriptionNumber(n), { county: '12', village: '0345', subscriber: '678' })
  const wrong = `${n.slice(0, -1)}${(Number(n.slice(-1)) + 1) % 10}`
  t.notOk(isValidSubscriptionNumber(wrong))
})

t.test('a tenant check-digit rule can replace the assumed mod11', async (t) => {
  const zero = (): number => 0
  t.equal(buildSubscriptionNumber({ county: '12', village: '0345', subscriber: '6' }, zero), '12034560')
  t.throws(() => buildSubscriptionNumber({ county: '1', village: '0345', subscriber: '6' }))
})

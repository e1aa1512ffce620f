import t from 'tap'
import { canMove, missingDocuments, REQUEST_RULES, REQUEST_TYPES, requiredDocuments, TRANSITIONS } from '../../../src/core/requests/request-rules.ts'

t.test('seed 002: settlement first for the changes, not for a purchase or a meter test', async (t) => {
  const settled = REQUEST_TYPES.filter((x) => REQUEST_RULES[x].settledFirst)
  t.same(settled, ['name_change', 'diameter_change', 'capacity_change', 'usage_change', 'units_change', 'disconnection', 'relocation'])
  t.same(REQUEST_TYPES.filter((x) => REQUEST_RULES[x].connectionFee), ['diameter_change', 'capacity_change', 'connection_purchase'])
})

t.test('documents per type', async (t) => {
  t.same(requiredDocuments('meter_test'), ['form_qf7201', 'water_bill'])
  t.ok(requiredDocuments('connection_purchase').includes('neighbour_water_bill'), 'item 5: the neighbour\'s bill')
  t.same(requiredDocuments('relocation', 'same_property'), ['form_qf7201', 'water_bill'], 'item 11')
  t.ok(requiredDocuments('relocation', 'other_property').includes('ownership_deed'), 'item 10')
  t.same(requiredDocuments('contact'), [])
  t.same(missingDocuments(requiredDocuments('name_change'), ['water_bill', 'id_card', 'other']), ['form_qf7201', 'ownership_deed', 'building_permit'])
})

t.test('the workflow goes forward only; done and rejected are final', async (t) => {
  t.ok(canMove('submitted', 'in_review'))
  t.ok(canMove('in_review', 'done'), 'a step may be skipped')
  t.notOk(canMove('submitted', 'done'), 'but not the review')
  t.notOk(canMove('site_visit', 'in_review'), 'never back')
  t.same(TRANSITIONS.done, [])
  t.same(TRANSITIONS.rejected, [])
  for (const s of ['submitted', 'in_review', 'site_visit', 'awaiting_payment'] as const) t.ok(canMove(s, 'rejected'), `${s} can be rejected`)
})

// Consumption over time (issue 12 §2, seed 001 "Min förbrukning"): per
// service point, address, account and customer, by day, month or year, beside
// the same period a year earlier. Open to customers for their own accounts.
import { accountsWith, READ_SCOPES, type Principal } from '../../app/auth/principal.ts'
import { accountOfBill, accountOfServicePoint, accountsAtPremises } from '../../app/customer-auth/account-of.ts'
import { idParams } from '../../app/schemas.ts'
import { validationError } from '../../app/errors.ts'
import { consumptionJson } from '../../app/consumption/consumption.ts'
import { jsonText } from '../json-text.ts'
import { consumptionDto, consumptionQuery, customerConsumptionQuery } from '../../app/consumption/consumption-dto.ts'
import { billExplanationDto, explainBillById, explanationQuery } from '../../app/consumption/bill-explanation.ts'
import { langOfAcceptLanguage } from '../../app/consumption/explanation-texts.ts'
import { route } from '../route.ts'

const tags = ['Consumption']
const response = { status: 200, schema: consumptionDto, description: 'one series per utility and unit, each bucket beside the same days a year earlier' }
const description = 'Volumes from the accepted readings, interpolated per day as billing does; days after the last reading up to today are estimated at '
  + 'the meter\'s average daily use and marked. Presets: 1y / 6m / 3m up to the tenant\'s today (by month: the last N calendar months). Solar production is '
  + 'a series of its own with direction production.'
/** A customer sees the points of the accounts it holds; keys the whole tenant. */
const held = (p: Principal) => (p.kind === 'customer' ? accountsWith(p) : undefined)

export const consumptionRoutes = [
  route({ method: 'GET', url: '/v1/service-points/:id/consumption', operationId: 'getServicePointConsumption', summary: 'Consumption of a service point over time', tags,
    description, customer: { account: ({ db, tenantId, params }) => accountOfServicePoint(db, tenantId, params.id) },
    scopes: READ_SCOPES, params: idParams, query: consumptionQuery, errors: [404], response,
    handler: ({ db, clock, principal, params, query, reply }) => jsonText(reply, consumptionJson(db, clock, principal.tenantId, { kind: 'service_point', id: params.id }, query, held(principal))) }),
  route({ method: 'GET', url: '/v1/premises/:id/consumption', operationId: 'getPremisesConsumption', summary: 'Consumption at an address, per utility', tags,
    description, customer: { account: ({ db, tenantId, params }) => accountsAtPremises(db, tenantId, params.id) },
    scopes: READ_SCOPES, params: idParams, query: consumptionQuery, errors: [404], response,
    handler: ({ db, clock, principal, params, query, reply }) => jsonText(reply, consumptionJson(db, clock, principal.tenantId, { kind: 'premises', id: params.id }, query, held(principal))) }),
  route({ method: 'GET', url: '/v1/accounts/:id/consumption', operationId: 'getAccountConsumption', summary: 'Consumption of an account, per utility', tags,
    description, customer: { account: ({ params }) => params.id },
    scopes: READ_SCOPES, params: idParams, query: consumptionQuery, errors: [404], response,
    handler: ({ db, clock, principal, params, query, reply }) => jsonText(reply, consumptionJson(db, clock, principal.tenantId, { kind: 'account', id: params.id }, query, held(principal))) }),
  route({ method: 'GET', url: '/v1/consumption', operationId: 'getCustomerConsumption', summary: 'Consumption of a customer (every account), per utility', tags,
    description: `${description} An API key names the customer (customerId); a customer token gets its own accounts (those of customerId only, when given).`,
    customer: { list: true }, scopes: READ_SCOPES, query: customerConsumptionQuery, errors: [404], response,
    handler: ({ db, clock, principal, query, accounts, reply }) => {
      const { customerId, ...q } = query
      if (!customerId && !accounts) throw validationError('customerId is required with an API key', [{ path: 'query.customerId', message: 'required' }])
      return jsonText(reply, consumptionJson(db, clock, principal.tenantId, customerId ? { kind: 'customer', id: customerId } : { kind: 'accounts' }, q, accounts))
    } }),
  route({ method: 'GET', url: '/v1/bills/:id/explanation', operationId: 'explainBill', summary: 'Why is my bill high? The bill against the usual, with the likely causes', tags: ['Bills'],
    description: 'Issue 12 §6, seed 002 item 17: per service point this period against the same days a year earlier and the average of the last '
      + 'periods; the lines estimated or computed by a fallback method, with their reasons; the likely causes (above the pattern or capacity, a jump '
      + 'against history, a misreading, a leak by steady night or weekend flow, non-household use), each with its evidence; and the causes the facts cannot tell. '
      + 'Texts (message, advice, reason, summary) in ?lang=, else the first of Accept-Language we have (sv, ru, fa, en), else the tenant\'s language; '
      + 'code, variant and evidence are the same in every language.',
    customer: { account: ({ db, tenantId, params }) => accountOfBill(db, tenantId, params.id) },
    scopes: READ_SCOPES, params: idParams, query: explanationQuery, errors: [404], response: { status: 200, schema: billExplanationDto, description: 'the explanation' },
    handler: ({ db, clock, principal, params, query, request }) => explainBillById(db, clock, principal.tenantId, params.id,
      query.lang ?? langOfAcceptLanguage(request.headers['accept-language'])) }),
]

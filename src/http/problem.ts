// RFC 9457 problem+json: one mapping for every error the REST API answers.
import type { FastifyInstance } from 'fastify'
import { AppError, toAppError, type FieldIssue } from '../app/errors.ts'

export const PROBLEM_BASE = 'https://aqualedger.dev/problems/'

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  code: string
  requestId: string
  errors?: FieldIssue[]
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
}


export function problemOf(err: AppError, requestId: string, instance?: string): Problem {
  const p: Problem = {
    type: PROBLEM_BASE + err.code.replaceAll('_', '-'),
    title: TITLES[err.status] ?? 'Error',
    status: err.status,
    detail: err.message,
    code: err.code,
    requestId,
  }
  if (instance) p.instance = instance
  if (err.issues?.length) p.errors = err.issues
  return p
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const appErr = toAppError(err)
    if (!appErr) {
      request.log.error({ err }, 'unhandled error')
      const masked = new AppError('internal_error', 500, 'an internal error occurred; quote the requestId when reporting it')
      return reply.code(500).type('application/problem+json').send(problemOf(masked, request.id))
    }
    if (appErr.status >= 500) request.log.error({ err }, appErr.message)
    if (appErr.retryAfter !== undefined) reply.header('retry-after', String(appErr.retryAfter))
    return reply.code(appErr.status).type('application/problem+json')
      .send(problemOf(appErr, request.id, request.url.split('?')[0]))
  })
  app.setNotFoundHandler((request, reply) => {
    const err = new AppError('not_found', 404, `no route ${request.method} ${request.url.split('?')[0]}`)
    return reply.code(404).type('application/problem+json').send(problemOf(err, request.id))
  })
}

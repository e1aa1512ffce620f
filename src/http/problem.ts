// RFC 9457 problem+json: one mapping for every error the REST API answers.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
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
  406: 'Not Acceptable', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 413: 'Content Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 431: 'Request Header Fields Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
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

/**
 * Errors Fastify answers before any route or hook runs: a URL whose
 * percent-encoding does not decode (FST_ERR_BAD_URL), a path parameter over
 * maxParamLength (414). Without this they answer Fastify's own plain JSON.
 */
function frameworkErrors(err: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode ?? 500
  const appErr = status === 414 ? new AppError('uri_too_long', 414, 'the URI is too long')
    : status >= 400 && status < 500 ? new AppError('bad_request', status, 'the URL is not valid (check its percent-encoding)')
    : new AppError('internal_error', 500, 'an internal error occurred; quote the requestId when reporting it')
  if (status >= 500) request.log.error({ err }, 'framework error')
  void reply.code(appErr.status).type('application/problem+json').send(problemOf(appErr, request.id))
}

const CLIENT_ERRORS: Record<string, AppError> = {
  HPE_HEADER_OVERFLOW: new AppError('headers_too_large', 431, 'the request line and headers exceed the size this server accepts'),
  ERR_HTTP_REQUEST_TIMEOUT: new AppError('request_timeout', 408, 'the request was not received in time'),
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers or
 * request line too large, malformed HTTP): written to the socket as
 * problem+json, as Node itself would write its plain answer.
 */
function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const appErr = CLIENT_ERRORS[err.code ?? ''] ?? new AppError('bad_request', 400, 'the request is not valid HTTP')
  const body = JSON.stringify(problemOf(appErr, randomUUID()))
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${appErr.status} ${STATUS_CODES[appErr.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`
      + `Content-Type: application/problem+json\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy(err)
}

/** Fastify constructor options that make its own early answers problem+json too. */
export const problemServerOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors, clientErrorHandler,
}

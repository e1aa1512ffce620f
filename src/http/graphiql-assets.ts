// GraphiQL without the internet. Mercurius serves /graphiql, but its main.js
// and service worker load React, ReactDOM and GraphiQL from unpkg: offline
// (or under our CSP) the page stays blank. Here the same files come from the
// npm packages (react, react-dom, graphiql, pinned in package.json to the
// versions mercurius' page asks for) under /graphiql/vendor/, and mercurius' two scripts are
// served with their unpkg URLs rewritten to those paths.
//
// No @fastify/static: a fixed list of five files, read once, is simpler and
// exposes nothing else of node_modules.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`))

export const VENDOR_PREFIX = '/graphiql/vendor/'

/** vendor path → file of an npm package, and the unpkg URL mercurius' scripts use for it. */
function vendorFiles(): { route: string; file: string; cdn: string; type: string }[] {
  const react = packageDir('react'); const reactDom = packageDir('react-dom'); const graphiql = packageDir('graphiql')
  const v = (dir: string) => (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version
  const js = 'application/javascript; charset=utf-8'; const css = 'text/css; charset=utf-8'
  return [
    { route: 'react.production.min.js', file: path.join(react, 'umd/react.production.min.js'), cdn: `https://unpkg.com/react@${v(react)}/umd/react.production.min.js`, type: js },
    { route: 'react-dom.production.min.js', file: path.join(reactDom, 'umd/react-dom.production.min.js'), cdn: `https://unpkg.com/react-dom@${v(reactDom)}/umd/react-dom.production.min.js`, type: js },
    { route: 'graphiql.min.js', file: path.join(graphiql, 'graphiql.min.js'), cdn: `https://unpkg.com/graphiql@${v(graphiql)}/graphiql.min.js`, type: js },
    { route: 'graphiql.min.css', file: path.join(graphiql, 'graphiql.min.css'), cdn: `https://unpkg.com/graphiql@${v(graphiql)}/graphiql.min.css`, type: css },
    { route: 'graphiql.css', file: path.join(graphiql, 'graphiql.css'), cdn: `https://unpkg.com/graphiql@${v(graphiql)}/graphiql.css`, type: css },
  ]
}

export const graphiqlAssetsPlugin = fp(async (app: FastifyInstance) => {
  const files = vendorFiles()
  const mercuriusStatic = path.join(packageDir('mercurius'), 'static')
  /** mercurius' script with every CDN URL pointed at our copies; fails loudly if a URL it loads is not one we serve */
  const rewrite = (name: string) => {
    let text = readFileSync(path.join(mercuriusStatic, name), 'utf8')
    for (const f of files) text = text.replaceAll(f.cdn, VENDOR_PREFIX + f.route)
    // another patch version than ours (mercurius upgraded): the same file from our copy
    text = text.replace(/https:\/\/unpkg\.com\/(?:react|react-dom|graphiql)@[\w.-]+\/(?:umd\/)?([\w.-]+)/g,
      (url, file: string) => (files.some((f) => f.route === file) ? VENDOR_PREFIX + file : url))
    const left = text.match(/https:\/\/unpkg\.com\/[^'"\s]+/)
    if (left) throw new Error(`mercurius' ${name} loads ${left[0]}, which is not served from npm packages here (versions of react/react-dom/graphiql differ from mercurius' page)`)
    return text
  }
  const scripts = new Map([['/graphiql/main.js', rewrite('main.js')], ['/graphiql/sw.js', rewrite('sw.js')]])

  // Mercurius declares /graphiql/main.js and /graphiql/sw.js after this plugin: their handlers are replaced as they are declared.
  app.addHook('onRoute', (route: RouteOptions) => {
    const text = scripts.get(route.url)
    if (text === undefined) return
    route.handler = async (_req: FastifyRequest, reply: FastifyReply) => reply.type('application/javascript; charset=utf-8').send(text)
  })
  for (const f of files) {
    const body = readFileSync(f.file)
    app.get(VENDOR_PREFIX + f.route, { logLevel: 'warn' }, async (_req, reply) =>
      reply.type(f.type).header('cache-control', 'public, max-age=86400').send(body))
  }
}, { name: 'aqualedger-graphiql-assets' })

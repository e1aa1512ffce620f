// npm run operator:token: a new platform operator token (issue 10 §7) and
// the digest to configure. The token goes to the operator; only the digest
// goes into the server's environment.
import { newOperatorToken } from '../src/app/auth/operator.ts'

const { token, sha256 } = newOperatorToken()
console.log(`Operator token (shown once; give it to the operator, keep it out of the server's environment):\n\n  ${token}\n\n` +
  `Configure the server with its digest:\n\n  AQUALEDGER_OPERATOR_TOKEN_SHA256=${sha256}\n`)

import { AppError } from '../errors.ts'

/** One answer for a wrong e-mail, a wrong password and a disabled user: none is revealed. */
export const invalidCredentials = () => new AppError('invalid_credentials', 401, 'the e-mail or the password is wrong')
/** A link token, code or refresh token that is unknown, used, expired or revoked: one answer for all. */
export const invalidToken = (what: string) => new AppError('invalid_token', 422, `the ${what} is not valid (unknown, used or expired)`)
export const invalidRefreshToken = () => new AppError('invalid_token', 401, 'the refresh token is not valid (unknown, used, expired or revoked)')

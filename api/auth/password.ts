import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Password hashes: scrypt (memory-hard; node:crypto) with a 16-byte random salt per hash,
 * stored as `scrypt$N$r$p$salt$hash` (base64url) so the cost can rise later without a migration.
 * N = 2^15, r = 8 needs 32 MiB per hash: about 0.1 s on one core.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 }
const KEY_LENGTH = 32
const MAX_MEM = 64 * 1024 * 1024

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFC'), salt, keyLength, { ...options, maxmem: MAX_MEM }, (err, key) => (err ? reject(err) : resolve(key))),
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, KEY_LENGTH, COST)
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** True when the password matches; compares in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number)
  const salt = Buffer.from(parts[4]!, 'base64url')
  const expected = Buffer.from(parts[5]!, 'base64url')
  if (!N || !r || !p || expected.length === 0) return false
  const actual = await scrypt(password, salt, expected.length, { N, r, p })
  return timingSafeEqual(actual, expected)
}

/** A hash no password matches; verified against for unknown usernames so timing does not tell. */
let decoy: Promise<string> | null = null
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString('base64url'))
  return decoy
}

/** Password rules: 10–200 characters with at least three of lower, upper, digit, symbol. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'must be at least 10 characters'
  if (password.length > 200) return 'must be at most 200 characters'
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length
  if (classes < 3) return 'must mix at least three of: lower case, upper case, digits, symbols'
  return null
}

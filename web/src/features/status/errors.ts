import { ApiError } from '../../api/client'
import { t } from '../../i18n'

/** A short, user-facing reason for a failed request. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('app.apiDown')
    return err.message.includes(String(err.status)) ? err.message : `${err.message} (${err.status})`
  }
  return err instanceof Error ? err.message : String(err)
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException ? err.name === 'AbortError' : (err as Error | null)?.name === 'AbortError'
}

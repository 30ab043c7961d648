/**
 * Who is logged in. `check()` asks /api/auth/me once at start; a 401 there or on any later API
 * call (the session ended) shows the login screen. The session itself is an HttpOnly cookie the
 * page never sees.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError, getJson, onUnauthenticated, sendJson } from '../../api/client'

export type Role = 'worker' | 'inspector' | 'acceptor' | 'duty_chief' | 'dispatcher' | 'department' | 'leader' | 'planner' | 'admin'

export interface SessionUser {
  id: number
  username: string
  name: string
  role: Role
  gridIds: number[]
  categories: string[] | null
  department: string | null
}

export type AuthState = 'checking' | 'anonymous' | 'authenticated' | 'offline'

export const useAuthStore = defineStore('auth', () => {
  const state = ref<AuthState>('checking')
  const user = ref<SessionUser | null>(null)
  /** why the login screen shows: null (first visit) or 'sessionEnded' */
  const reason = ref<'sessionEnded' | null>(null)

  function signedOut(why: 'sessionEnded' | null) {
    user.value = null
    reason.value = why
    state.value = 'anonymous'
  }

  onUnauthenticated(() => {
    if (state.value === 'authenticated') signedOut('sessionEnded')
  })

  async function check(): Promise<void> {
    try {
      user.value = (await getJson<{ user: SessionUser }>('/auth/me')).user
      state.value = 'authenticated'
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) signedOut(null)
      else state.value = 'offline'
    }
  }

  /** Resolves on success; throws the ApiError (401 invalid_credentials, 429 locked_out …) otherwise. */
  async function login(username: string, password: string): Promise<void> {
    const res = await sendJson<{ user: SessionUser }>('/auth/login', { username, password })
    user.value = res.user
    reason.value = null
    state.value = 'authenticated'
  }

  async function logout(): Promise<void> {
    try {
      await sendJson('/auth/logout', {})
    } finally {
      signedOut(null)
    }
  }

  const authenticated = computed(() => state.value === 'authenticated')
  return { state, user, reason, authenticated, check, login, logout }
})

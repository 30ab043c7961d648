/**
 * The report being written on the phone. Every change is saved in localStorage, so a reload, a
 * dropped connection or a closed tab loses nothing; photos go up as soon as they are taken and a
 * photo that could not go up stays in memory and is sent again with the report. The draft is
 * cleared only when the server has answered 201.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import { ApiError } from '../../api/client'
import { getCase, reportCase, uploadPhoto } from '../cases/casesApi'
import type { CasePhoto } from '../cases/model'
import { useCasesStore } from '../cases/useCasesStore'
import { DRAFT_KEY, EMPTY_DRAFT, hasContent, parseDraft, reportBody, type Position, type ReportDraft } from './model'

function stored(): ReportDraft | null {
  try {
    return parseDraft(globalThis.localStorage?.getItem(DRAFT_KEY) ?? null)
  } catch {
    return null
  }
}

export interface PendingPhoto {
  key: number
  file: Blob
  preview: string
}

export const useReportDraft = defineStore('mobileDraft', () => {
  const restored = stored()
  const draft = ref<ReportDraft>(restored ?? { ...EMPTY_DRAFT })
  /** a draft from an earlier visit was put back */
  const wasRestored = ref(restored !== null && hasContent(restored))
  /** photos on the server (thumbnails to show) */
  const photos = shallowRef<Pick<CasePhoto, 'id' | 'thumbUrl'>[]>(draft.value.photoIds.map((id) => ({ id, thumbUrl: `/api/photos/${id}/thumb` })))
  /** photos taken but not yet on the server */
  const pending = shallowRef<PendingPhoto[]>([])
  let nextKey = 1

  watch(
    draft,
    (d) => {
      try {
        if (hasContent(d)) globalThis.localStorage?.setItem(DRAFT_KEY, JSON.stringify(d))
        else globalThis.localStorage?.removeItem(DRAFT_KEY)
      } catch {
        // storage full or blocked: the draft still lives in memory
      }
    },
    { deep: true },
  )

  function setPosition(p: Position): void {
    draft.value = { ...draft.value, position: p, notDuplicate: false }
  }

  function setCategory(code: string): void {
    draft.value = { ...draft.value, category: code, notDuplicate: false }
  }

  /** Sends one photo; on failure it waits in `pending` and the error is thrown to the caller. */
  async function addPhoto(file: Blob): Promise<void> {
    const item: PendingPhoto = { key: nextKey++, file, preview: URL.createObjectURL(file) }
    pending.value = [...pending.value, item]
    await sendPending(item)
  }

  async function sendPending(item: PendingPhoto): Promise<void> {
    const photo = await uploadPhoto(item.file)
    pending.value = pending.value.filter((p) => p.key !== item.key)
    URL.revokeObjectURL(item.preview)
    if (!draft.value.photoIds.includes(photo.id)) {
      photos.value = [...photos.value, { id: photo.id, thumbUrl: photo.thumbUrl }]
      draft.value = { ...draft.value, photoIds: [...draft.value.photoIds, photo.id] }
    }
  }

  function removePhoto(id: number): void {
    photos.value = photos.value.filter((p) => p.id !== id)
    draft.value = { ...draft.value, photoIds: draft.value.photoIds.filter((x) => x !== id) }
  }

  function removePending(key: number): void {
    const item = pending.value.find((p) => p.key === key)
    if (item) URL.revokeObjectURL(item.preview)
    pending.value = pending.value.filter((p) => p.key !== key)
  }

  function reset(): void {
    for (const p of pending.value) URL.revokeObjectURL(p.preview)
    pending.value = []
    photos.value = []
    draft.value = { ...EMPTY_DRAFT }
    wasRestored.value = false
  }

  /**
   * Uploads what is still pending, then reports. Resolves to the new case id; throws the
   * ApiError (or the network's TypeError) with the draft intact.
   */
  async function submit(): Promise<number> {
    for (const item of [...pending.value]) await sendPending(item)
    let res
    try {
      res = await reportCase(reportBody(draft.value))
    } catch (err) {
      // a photo the server no longer knows (e.g. a draft older than the database): drop the ids, keep the rest
      if (err instanceof ApiError && err.code === 'unknown_photo') {
        const missing = new Set(((err.details as { missing?: number[] } | null)?.missing ?? []) as number[])
        photos.value = photos.value.filter((p) => !missing.has(p.id))
        draft.value = { ...draft.value, photoIds: draft.value.photoIds.filter((id) => !missing.has(id)) }
      }
      throw err
    }
    reset()
    const cases = useCasesStore()
    try {
      cases.apply(await getCase(res.case.id))
    } catch {
      // the live event brings it too
    }
    return res.case.id
  }

  return { draft, wasRestored, photos, pending, setPosition, setCategory, addPhoto, sendPending, removePhoto, removePending, reset, submit }
})

import type { Kysely } from 'kysely'
import sharp from 'sharp'
import type { UpdateRecord } from '../../scripts/demo/histories.ts'
import { createRng } from '../../scripts/demo/random.ts'
import type { Database } from '../db/database.ts'
import { processPhoto } from '../photos/image.ts'
import { storePhoto } from '../photos/repository.ts'

/** How many distinct demo photos of each kind: a few shared pictures keep the load small. */
const PER_KIND = 6

/**
 * Draws a handful of stand-in photos (no text, no outside files): "before" scenes strewn with
 * rubbish-coloured blobs, "after" scenes swept clean. Seeded, so the bytes and hashes repeat.
 */
async function draw(kind: 'before' | 'after', k: number, seed: number): Promise<Buffer> {
  const rng = createRng(seed, `photo:${kind}:${k}`)
  const w = 640
  const h = 480
  const ground = kind === 'before' ? ['#6b6358', '#7a6f5f', '#5e5a52'] : ['#8c9a86', '#9aa89a', '#7f9479']
  const shapes: string[] = []
  shapes.push(`<rect width="${w}" height="${h * 0.45}" fill="${kind === 'before' ? '#9fb0bf' : '#a9c8e8'}"/>`)
  shapes.push(`<rect y="${h * 0.45}" width="${w}" height="${h * 0.55}" fill="${rng.pick(ground)}"/>`)
  shapes.push(`<rect x="${rng.int(20, 200)}" y="${h * 0.12}" width="${rng.int(180, 300)}" height="${h * 0.33}" fill="#c9c3b8"/>`)
  const n = kind === 'before' ? rng.int(14, 24) : rng.int(0, 2)
  for (let i = 0; i < n; i++) {
    const colour = rng.pick(['#3b3b3b', '#2f5d8a', '#a33a2c', '#d9c36a', '#e8e8e8', '#4d7a3a'])
    shapes.push(`<ellipse cx="${rng.int(40, w - 40)}" cy="${rng.int(h * 0.55, h - 20)}" rx="${rng.int(8, 40)}" ry="${rng.int(6, 22)}" fill="${colour}"/>`)
  }
  if (kind === 'after') shapes.push(`<rect x="${rng.int(380, 520)}" y="${h * 0.5}" width="36" height="54" rx="4" fill="#2e7d32"/>`)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${shapes.join('')}</svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer()
}

/** Stores the demo photos; returns their ids by kind. */
export async function insertDemoPhotos(db: Kysely<Database>, seed: number): Promise<{ before: number[]; after: number[] }> {
  const out = { before: [] as number[], after: [] as number[] }
  for (const kind of ['before', 'after'] as const) {
    for (let k = 0; k < PER_KIND; k++) {
      const bytes = await draw(kind, k, seed)
      const { photo } = await storePhoto(db, bytes, await processPhoto(bytes), null)
      out[kind].push(photo.id)
    }
  }
  return out
}

/**
 * The photos a demo update carries: a field report shows the problem, a department's report of
 * done work and an inspector's verification show it gone — what the API demands of live ones.
 */
export function demoPhotoIds(photos: { before: number[]; after: number[] }): (u: UpdateRecord) => number[] {
  return (u) => {
    const k = u.issueId + u.seq
    if (u.action === 'report' && (u.actor.role === 'worker' || u.actor.role === 'inspector')) return [photos.before[k % photos.before.length]]
    if (u.action === 'report_done' || u.action === 'verify') return [photos.after[k % photos.after.length]]
    return []
  }
}

/**
 * Photo uploads: type by content (not name or content-type), size limit, SHA-256 dedup,
 * thumbnails, EXIF time and GPS; refused uploads store nothing. Both engines.
 */
import { sql } from 'kysely'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sniffImage } from '../../api/photos/image.ts'
import { demoUsers, jpeg, upload, type Users } from './cases-support.ts'
import { openTestApp, sessionCookie, type TestApp } from './harness.ts'

let t: TestApp
let u: Users
beforeAll(async () => {
  t = await openTestApp()
  u = await demoUsers(t)
})
afterAll(() => t?.close())

/** a binary GET with the admin session */
const get = async (path: string) => t.app.request(path, { headers: { cookie: await sessionCookie(t.app) } })

const stored = async () => (await sql<{ n: number }>`select count(*)::int as n from photos`.execute(t.handle.db)).rows[0].n

describe('photos', () => {
  it('stores a JPEG with its hash, size, EXIF time and GPS, and serves it and a thumbnail', async () => {
    const bytes = await jpeg({ seed: 7, gps: [102.5431, 24.3512], time: '2025:06:18 09:15:30' })
    const r = await upload(u, 'worker.huayuan', bytes)
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ mime: 'image/jpeg', size: bytes.length, width: 64, height: 48, takenAt: '2025-06-18T01:15:30.000Z' })
    expect(r.body.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(r.body.lon).toBeCloseTo(102.5431, 4)
    expect(r.body.lat).toBeCloseTo(24.3512, 4)
    const original = await get(`/api/photos/${r.body.id}`)
    expect(original.status).toBe(200)
    expect(original.headers.get('content-type')).toBe('image/jpeg')
    expect(Buffer.from(await original.arrayBuffer()).equals(bytes)).toBe(true)
    const thumb = await get(`/api/photos/${r.body.id}/thumb`)
    expect(thumb.status).toBe(200)
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()
    expect(meta.format).toBe('jpeg')
    expect((await get('/api/photos/999999')).status).toBe(404)
  })

  it('stores the same bytes once', async () => {
    const bytes = await jpeg({ seed: 8 })
    const a = await upload(u, 'worker.huayuan', bytes)
    const before = await stored()
    const b = await upload(u, 'inspector.huayuan', bytes, 'again.jpeg')
    expect([a.status, b.status]).toEqual([201, 200])
    expect(b.body.id).toBe(a.body.id)
    expect(await stored()).toBe(before)
  })

  it('takes PNG and WebP by content, whatever the name, and a large PNG gets a 320 px thumbnail', async () => {
    const png = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#123456' } }).png().toBuffer()
    const webp = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#654321' } }).webp().toBuffer()
    const p = await upload(u, 'worker.huayuan', png, 'renamed.jpg', 'image/jpeg')
    const w = await upload(u, 'worker.huayuan', webp, 'x.bin', 'application/octet-stream')
    expect([p.status, p.body.mime, p.body.width, p.body.takenAt, p.body.lon]).toEqual([201, 'image/png', 800, null, null])
    expect([w.status, w.body.mime]).toEqual([201, 'image/webp'])
    const thumb = await sharp(Buffer.from(await (await get(`/api/photos/${p.body.id}/thumb`)).arrayBuffer())).metadata()
    expect([thumb.width, thumb.height]).toEqual([320, 160])
    // raw bytes (no multipart) work too
    const raw = await u.as('worker.huayuan', '/api/photos', { method: 'POST', body: new Uint8Array(await jpeg({ seed: 9 })), headers: { 'content-type': 'application/octet-stream' } })
    expect(raw.status).toBe(201)
  })

  it('refuses text named .jpg, a truncated JPEG, an empty file and an oversized upload, storing nothing', async () => {
    const before = await stored()
    const text = await upload(u, 'worker.huayuan', new TextEncoder().encode('hello, not an image'), 'photo.jpg', 'image/jpeg')
    expect([text.status, text.body.error.code]).toEqual([415, 'unsupported_media_type'])
    const gif = await upload(u, 'worker.huayuan', new TextEncoder().encode('GIF89a....'), 'a.gif', 'image/gif')
    expect([gif.status, gif.body.error.code]).toEqual([415, 'unsupported_media_type'])
    const truncated = (await jpeg({ seed: 10 })).subarray(0, 40)
    const cut = await upload(u, 'worker.huayuan', truncated)
    expect([cut.status, cut.body.error.code]).toEqual([415, 'undecodable_image'])
    const empty = await upload(u, 'worker.huayuan', new Uint8Array(0))
    expect([empty.status, empty.body.error.code]).toEqual([400, 'empty_upload'])
    const big = new Uint8Array(10 * 1024 * 1024 + 1)
    big.set([0xff, 0xd8, 0xff])
    const huge = await upload(u, 'worker.huayuan', big)
    expect([huge.status, huge.body.error.code]).toEqual([413, 'payload_too_large'])
    const noFile = await u.as('worker.huayuan', '/api/photos', { method: 'POST', body: new FormData() })
    expect([noFile.status, noFile.body.error.code]).toEqual([400, 'missing_file'])
    expect(await stored()).toBe(before)
  })

  it('sniffs magic bytes', () => {
    expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png')
    expect(sniffImage(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp')
    expect(sniffImage(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '))).toBeNull()
    expect(sniffImage(new Uint8Array([0xff, 0xd8]))).toBeNull()
  })
})

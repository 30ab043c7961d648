import { describe, expect, it } from 'vitest'
import { exportUrl, importForm } from '../../web/src/features/boundaries/boundariesApi'

describe('boundaries web requests', () => {
  it('the dry-run form carries the file, target, crs and only the mapped fields', () => {
    const form = importForm(new File(['{}'], 'a.geojson'), { format: 'auto', crs: 'gcj02', level: 2, parentId: 6, mode: 'merge', mapping: { name: 'NAME', code: '', level: '', parent: '' } })
    expect(form.get('crs')).toBe('gcj02')
    expect(form.get('level')).toBe('2')
    expect(form.get('parentId')).toBe('6')
    expect(form.get('map.name')).toBe('NAME')
    expect(form.has('map.code')).toBe(false)
    expect((form.get('file') as File).name).toBe('a.geojson')
  })
  it('a level-0 import sends no parent; the export URL leaves out an empty parent', () => {
    expect(importForm(new File([''], 'x.kml'), { format: 'kml', crs: 'auto', level: 0, parentId: null, mode: 'replace', mapping: { name: '', code: '', level: '', parent: '' } }).has('parentId')).toBe(false)
    expect(exportUrl({ level: 1, parent: null, format: 'shapefile', crs: 'gcj02' })).toBe('/api/boundaries/export?level=1&format=shapefile&crs=gcj02')
  })
})

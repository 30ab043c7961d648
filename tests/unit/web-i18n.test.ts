/**
 * The two dictionaries say the same things: identical key sets, the same placeholders per key,
 * no blanks; every key the code asks for exists; and no Chinese is hard-coded in a component.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import zhCN from '../../web/src/i18n/zh-CN'
import en from '../../web/src/i18n/en'
import { flattenKeys, interpolate, lookup, placeholders, translate } from '../../web/src/i18n/translate'
import { LAYER_GROUPS } from '../../web/src/map/layerGroups'
import { buildLegend } from '../../web/src/map/legend'
import { FACILITY_KINDS, GREEN_KINDS, ROAD_CLASSES } from '../../web/src/map/palette'
import { GRID_LEVELS } from '../../web/src/api/types'

const WEB_SRC = new URL('../../web/src/', import.meta.url).pathname

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path, ext) : ext.test(name) ? [path] : []
  })
}

describe('dictionaries', () => {
  const zhKeys = flattenKeys(zhCN)
  const enKeys = flattenKeys(en)

  it('have identical key sets', () => {
    expect(enKeys).toEqual(zhKeys)
    expect(zhKeys.length).toBeGreaterThan(100)
  })

  it('ask for the same placeholders under every key, and leave nothing blank', () => {
    for (const key of zhKeys) {
      const zh = lookup(zhCN, key) as string
      const english = lookup(en, key) as string
      expect(zh.trim(), key).not.toBe('')
      expect(english.trim(), key).not.toBe('')
      expect(placeholders(english), key).toEqual(placeholders(zh))
    }
  })

  it('name every layer group, level, legend entry and code the map shows', () => {
    const needed = [
      ...LAYER_GROUPS.map((g) => `layers.${g.id}`),
      ...GRID_LEVELS.map((l) => `levels.${l}`),
      ...FACILITY_KINDS.map((k) => `facilityKinds.${k}`),
      ...GREEN_KINDS.map((k) => `greenKinds.${k}`),
      ...ROAD_CLASSES.map((k) => `roadClasses.${k}`),
    ]
    for (const group of LAYER_GROUPS) {
      for (const level of GRID_LEVELS) {
        for (const item of buildLegend(group.id, { gridLevel: level })) {
          if ('key' in item.label) needed.push(item.label.key)
        }
      }
    }
    for (const key of needed) {
      expect(lookup(zhCN, key), key).toBeTypeOf('string')
      expect(lookup(en, key), key).toBeTypeOf('string')
    }
  })

  it('contain every literal key the components and stores ask for', () => {
    const sources = files(WEB_SRC, /\.(vue|ts)$/).filter((f) => !f.includes('/i18n/'))
    const used = new Set<string>()
    for (const file of sources) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) used.add(m[1])
      for (const m of text.matchAll(/report\([^,]+,\s*'([a-zA-Z][\w.]*)'/g)) used.add(m[1])
    }
    expect(used.size).toBeGreaterThan(60)
    for (const key of used) expect(zhKeys, key).toContain(key)
  })

  it('leave no Chinese text hard-coded in components', () => {
    for (const file of files(WEB_SRC, /\.vue$/)) {
      const text = readFileSync(file, 'utf8').replace(/<style[\s\S]*?<\/style>/g, '')
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      expect(code.match(/[\u4e00-\u9fff]+/g), file).toBeNull()
    }
  })
})

describe('translate', () => {
  const dict = { a: { b: '你好，{name}！', c: '{n} 条' }, top: 'x' }

  it('looks up dotted keys and fills placeholders', () => {
    expect(translate(dict, 'a.b', { name: '张三' })).toBe('你好，张三！')
    expect(translate(dict, 'a.c', { n: 3 })).toBe('3 条')
    expect(translate(dict, 'top')).toBe('x')
  })

  it('falls back to the fallback dictionary, then to the key itself', () => {
    expect(translate({}, 'a.b', { name: 'Li' }, dict)).toBe('你好，Li！')
    expect(translate(dict, 'a.missing')).toBe('a.missing')
    expect(translate(dict, 'a')).toBe('a')
    expect(translate(dict, 'top.deeper')).toBe('top.deeper')
  })

  it('leaves unknown placeholders visible', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}')
    expect(placeholders('{b} {a} {b}')).toEqual(['a', 'b', 'b'])
  })
})

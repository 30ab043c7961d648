/**
 * Pure dictionary lookup: dotted keys into a nested dictionary, `{name}` placeholders filled
 * from params. A missing key returns the key itself so a gap is visible, never a blank.
 */
export type Dictionary = { readonly [key: string]: string | Dictionary }
export type Params = Record<string, string | number>

export function lookup(dict: Dictionary, key: string): string | undefined {
  let node: string | Dictionary | undefined = dict
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined
    node = node[part]
  }
  return typeof node === 'string' ? node : undefined
}

export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  )
}

export function translate(dict: Dictionary, key: string, params?: Params, fallback?: Dictionary): string {
  const template = lookup(dict, key) ?? (fallback ? lookup(fallback, key) : undefined)
  return template === undefined ? key : interpolate(template, params)
}

/** Every leaf key of a dictionary, dotted, sorted: what the two languages must share. */
export function flattenKeys(dict: Dictionary, prefix = ''): string[] {
  const keys: string[] = []
  for (const [name, value] of Object.entries(dict)) {
    const key = prefix ? `${prefix}.${name}` : name
    if (typeof value === 'string') keys.push(key)
    else keys.push(...flattenKeys(value, key))
  }
  return keys.sort()
}

/** Placeholders a template uses, sorted, so both languages can be checked to ask for the same ones. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
}

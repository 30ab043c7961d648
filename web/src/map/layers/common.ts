/**
 * Shared pieces of the layer specs: font stacks, label text by language, group metadata,
 * and zoom-interpolated widths. Pure data builders, no MapLibre runtime.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'

export type Locale = 'zh-CN' | 'en'

/**
 * With no `glyphs` URL in the style MapLibre draws every glyph locally with TinySDF, using the
 * font stack as a CSS font-family list. The first family's name also sets the weight ("Bold").
 * Noto Sans CJK SC is the Linux/Debian face, Microsoft YaHei and PingFang SC the Windows/macOS ones.
 */
const CJK_FAMILIES = ['Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'Source Han Sans SC', 'sans-serif']
export const FONT_REGULAR: string[] = [...CJK_FAMILIES]
export const FONT_BOLD: string[] = ['Noto Sans CJK SC Bold', ...CJK_FAMILIES]

/** The name to print on a feature: Chinese by default, English (falling back to Chinese) in English. */
export function labelField(locale: Locale): ExpressionSpecification {
  return locale === 'en' ? ['coalesce', ['get', 'nameEn'], ['get', 'name']] : ['get', 'name']
}

/** Layer groups are what the layer panel toggles; each layer names its group in metadata. */
export const GROUP_KEY = 'gridsight:group'
/** Layers that print a name carry this flag so a language switch can re-point their text-field. */
export const LOCALISED_KEY = 'gridsight:localised'

export function groupOf(layer: LayerSpecification): string | undefined {
  const metadata = layer.metadata as Record<string, unknown> | undefined
  const group = metadata?.[GROUP_KEY]
  return typeof group === 'string' ? group : undefined
}

export function isLocalised(layer: LayerSpecification): boolean {
  const metadata = layer.metadata as Record<string, unknown> | undefined
  return metadata?.[LOCALISED_KEY] === true
}

export function meta(group: string, localised = false): Record<string, unknown> {
  return localised ? { [GROUP_KEY]: group, [LOCALISED_KEY]: true } : { [GROUP_KEY]: group }
}

/** `['interpolate', exponential base, zoom, z1, v1, z2, v2 …]` from [zoom, value] stops. */
/**
 * Expressions whose length depends on data (match/step over a table) cannot be typed as the
 * fixed tuples of ExpressionSpecification; they are assembled as arrays and validated as data
 * by the style-spec validator in the unit tests.
 */
export function expression(parts: readonly unknown[]): ExpressionSpecification {
  return parts as unknown as ExpressionSpecification
}

export function byZoom(
  stops: readonly (readonly [number, number | ExpressionSpecification])[],
  base = 1.5,
): ExpressionSpecification {
  const flat = stops.flatMap(([z, v]) => [z, v])
  return expression(['interpolate', ['exponential', base], ['zoom'], ...flat])
}

/** `['match', ['get', key], k1, v1, …, fallback]` from a record. */
export function matchProperty(
  key: string,
  values: Readonly<Record<string, string | number>>,
  fallback: string | number,
): ExpressionSpecification {
  const pairs = Object.entries(values).flatMap(([k, v]) => [k, v])
  return expression(['match', ['get', key], ...pairs, fallback])
}

export const HIDDEN = 'none' as const

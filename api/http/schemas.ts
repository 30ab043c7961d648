import { z } from '@hono/zod-openapi'

/** Shared OpenAPI/zod pieces: the error shape, GeoJSON geometry, and common query params. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_bbox' }),
      message: z.string(),
      details: z.unknown(),
    }),
  })
  .openapi('Error')

export const errorResponse = (description: string) => ({
  content: { 'application/json': { schema: ErrorSchema } },
  description,
})

const Position = z.array(z.number()).min(2).max(3)
export const GeometrySchema = z
  .object({
    type: z.enum(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']),
    coordinates: z.array(z.unknown()).or(Position),
  })
  .openapi('Geometry', { description: 'GeoJSON geometry, WGS84 longitude/latitude (RFC 7946)' })

export function featureCollectionSchema<P extends z.ZodTypeAny>(name: string, properties: P) {
  const feature = z.object({
    type: z.literal('Feature'),
    id: z.number().int(),
    geometry: GeometrySchema,
    properties,
  })
  return z.object({ type: z.literal('FeatureCollection'), features: z.array(feature) }).openapi(name)
}

export const featureSchema = <P extends z.ZodTypeAny>(name: string, properties: P) =>
  z
    .object({ type: z.literal('Feature'), id: z.number().int(), geometry: GeometrySchema, properties })
    .openapi(name)

export const BboxQuery = z.string().optional().openapi({
  description: 'Window minLon,minLat,maxLon,maxLat (WGS84)',
  example: '102.50,24.32,102.58,24.38',
})

export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 42 }),
})

export const PersonSchema = z.object({ role: z.string(), roleZh: z.string(), name: z.string(), phone: z.string() })

export const json = <S extends z.ZodTypeAny>(schema: S, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

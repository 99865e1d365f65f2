// Temporal's remote codec protocol: Payloads as protobuf JSON (bytes as base64), the body of
// both /codec/decode and /codec/encode and of their answers.
import { Type, type Static } from '@sinclair/typebox';

/** Standard or URL-safe base64, as protobuf JSON writes and reads bytes. */
const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/_-]*={0,2}$', maxLength: 4 * 1024 * 1024, description: 'bytes, base64' });

export const PayloadJsonSchema = Type.Object(
  {
    metadata: Type.Optional(Type.Record(Type.String({ maxLength: 200 }), Base64)),
    data: Type.Optional(Base64),
  },
  { additionalProperties: false },
);
export type PayloadJson = Static<typeof PayloadJsonSchema>;

export const PayloadsSchema = Type.Object({ payloads: Type.Array(PayloadJsonSchema, { maxItems: 1000 }) }, { additionalProperties: false });
export type PayloadsJson = Static<typeof PayloadsSchema>;

export const CodecSessionInputSchema = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 8192, description: 'The ops person’s bearer token (role ops)' }) },
  { additionalProperties: false },
);

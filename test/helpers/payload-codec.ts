// The codec the tests' clients and workers seal payloads with: a fixed test key, so a client and a
// worker of one test app open each other's payloads as production processes sharing PAYLOAD_KEYS do.
import { PayloadKeyRing, SealingPayloadCodec } from '../../scripts/lib/payload-codec.js';

/** The test key's ID. */
export const TEST_PAYLOAD_KEY_ID = 'test-key';

/** A 32-byte test key (never used outside the tests). */
export const testPayloadSecret = Buffer.alloc(32, 7);

/** A codec over the test key. */
export function testPayloadCodec(): SealingPayloadCodec {
  return new SealingPayloadCodec({ keys: new PayloadKeyRing([{ id: TEST_PAYLOAD_KEY_ID, secret: testPayloadSecret }]) });
}

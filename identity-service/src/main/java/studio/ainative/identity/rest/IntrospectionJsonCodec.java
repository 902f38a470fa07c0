package studio.ainative.identity.rest;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import studio.ainative.identity.service.IntrospectionOutcome;

/**
 * The RFC 7662 answer of introspection, {@code application/json}. An active principal's body is kept
 * encoded from the moment it is verified (and in Redis), so it is written out as those very bytes,
 * wrapped, never copied or re-encoded.
 */
final class IntrospectionJsonCodec {

    private static final Buffer INACTIVE = new JsonObject().put("active", false).toBuffer();

    private IntrospectionJsonCodec() {
    }

    static Buffer encode(IntrospectionOutcome outcome) {
        if (outcome instanceof IntrospectionOutcome.Active active) {
            return wrap(active.body());
        }
        if (outcome instanceof IntrospectionOutcome.ApiKeyActive key) {
            return wrap(key.body());
        }
        return INACTIVE;
    }

    /** The outcome's own bytes, never modified once built, written out without a copy. */
    private static Buffer wrap(byte[] body) {
        return Buffer.buffer(Unpooled.wrappedBuffer(body));
    }
}

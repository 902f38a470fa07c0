package studio.ainative.identity.client;

import io.vertx.core.MultiMap;

/** A fully read, size-bounded response from a provider. */
public record OutboundResponse(int status, MultiMap headers, String body) {
}

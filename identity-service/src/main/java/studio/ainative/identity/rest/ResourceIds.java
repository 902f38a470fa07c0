package studio.ainative.identity.rest;

import java.util.UUID;
import studio.ainative.platform.web.ApiException;

/** Path ids: anything that is not a UUID names no resource (404, never 400 or 500). */
final class ResourceIds {

    private ResourceIds() {
    }

    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("not_found", "resource not found");
        }
    }
}

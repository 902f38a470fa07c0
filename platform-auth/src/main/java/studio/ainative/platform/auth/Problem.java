package studio.ainative.platform.auth;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 9457 problem details with a stable {@code code} member, as every platform service answers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String code, String detail) {

    static final String MEDIA_TYPE = "application/problem+json";
}

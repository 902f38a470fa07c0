package studio.ainative.devkit.stytch.rest;

import java.util.List;
import java.util.Map;

public record JwksResponse(List<Map<String, Object>> keys, String requestId, int statusCode) {
}

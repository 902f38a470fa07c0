package studio.ainative.devkit.stytch.rest;

import java.util.List;

public record KeyRotationResponse(String kid, List<String> publishedKids) {
}

package studio.ainative.devkit.stytch.rest;

/** A success that carries nothing but Stytch's envelope. */
public record StatusResponse(String requestId, int statusCode) {
}

package studio.ainative.devkit.openai.rest;

import studio.ainative.devkit.openai.OpenAiException;

/** OpenAI's error envelope; param and code are sent as null when they do not apply. */
public record OpenAiErrorResponse(Body error) {

    public record Body(String message, String type, String param, String code) {
    }

    static OpenAiErrorResponse of(OpenAiException e) {
        return new OpenAiErrorResponse(new Body(e.getMessage(), e.type(), e.param(), e.code()));
    }
}

package studio.ainative.chat.service;

/**
 * How a completion ended, for its usage record, the caller's token count and metrics.
 *
 * @param status           what the client got (a stream the upstream broke off: 502; the client went away: 499)
 * @param upstream         the upstream that answered, or the last one tried; null when none was reached
 * @param upstreamModel    the model name that upstream was asked for
 */
record Outcome(int status, String upstream, String upstreamModel, long promptTokens, long completionTokens) {
}

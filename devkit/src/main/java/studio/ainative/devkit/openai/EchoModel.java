package studio.ainative.devkit.openai;

import java.util.List;

/**
 * The emulated model: it quotes the last user message back ("You said: <text>"), so a caller can
 * check that its prompt arrived intact. Usage follows {@link Tokens}: each prompt message counts one
 * token for its role plus the tokens of its text.
 */
public final class EchoModel {

    static final String PREFIX = "You said: ";
    static final String NO_USER_MESSAGE = "You said nothing.";

    private EchoModel() {
    }

    /**
     * @param outputLimit the model's own limit on completion tokens; the request's max_tokens (already
     *     validated not to exceed it) cuts the reply shorter
     */
    public static Completion complete(ChatRequest request, int outputLimit) {
        List<String> reply = Tokens.split(replyText(request.messages()));
        int limit = request.maxTokens().orElse(outputLimit);
        boolean cut = reply.size() > limit;
        List<String> tokens = cut ? reply.subList(0, limit) : reply;
        return new Completion(request.model(), tokens,
                cut ? Completion.FinishReason.LENGTH : Completion.FinishReason.STOP,
                request.n(), promptTokens(request.messages()));
    }

    static String replyText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return PREFIX + messages.get(i).text();
            }
        }
        return NO_USER_MESSAGE;
    }

    static int promptTokens(List<ChatMessage> messages) {
        return messages.stream().mapToInt(message -> 1 + Tokens.count(message.text())).sum();
    }
}

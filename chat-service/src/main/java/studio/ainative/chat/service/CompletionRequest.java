package studio.ainative.chat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import studio.ainative.chat.upstream.ModelCatalog.Route;

/**
 * A validated completion request.
 *
 * @param upstreamBody   the client's body as the upstream gets it: {@code memory} removed and, when
 *                       streaming, {@code stream_options.include_usage} on (usage is recorded either way)
 * @param route          the public model's route
 * @param stream         {@code stream: true}
 * @param includeUsage   the client asked for the usage chunk ({@code stream_options.include_usage})
 * @param memory         the {@code memory} member, when given
 * @param lastUserText   the text of the last user message (memory's query and what it remembers), when any
 */
public record CompletionRequest(ObjectNode upstreamBody, Route route, boolean stream, boolean includeUsage,
                                Optional<MemoryOptions> memory, Optional<String> lastUserText) {

    /** {@code "memory": {"entity_name", "limit", "remember"}}. */
    public record MemoryOptions(Optional<String> entityName, int limit, boolean remember) {
    }
}

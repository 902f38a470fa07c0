package studio.ainative.chat.upstream;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;
import studio.ainative.chat.config.ChatConfig;

/** Every configured upstream's client, created at start-up and closed at shutdown. */
@ApplicationScoped
public class Upstreams {

    private final Map<String, UpstreamClient> clients = new HashMap<>();

    public Upstreams(ChatConfig config, Vertx vertx, UpstreamMetrics metrics) {
        config.upstreams().forEach((name, upstream) -> {
            clients.put(name, new UpstreamClient(name, upstream, vertx, metrics));
            metrics.register(name);
        });
    }

    public UpstreamClient get(String name) {
        UpstreamClient client = clients.get(name);
        if (client == null) {
            throw new IllegalStateException("no upstream " + name);
        }
        return client;
    }

    void close(@Observes ShutdownEvent event) {
        clients.values().forEach(UpstreamClient::close);
    }
}

package studio.ainative.chat.upstream;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import studio.ainative.chat.config.ChatConfig;

/**
 * The public models and where each one goes: every public id and alias names one {@link Route}, a list of
 * upstream targets in fallback order. Built once from configuration; a route naming an unknown upstream
 * or a malformed entry stops the start-up.
 */
@ApplicationScoped
public class ModelCatalog {

    /** One upstream and the model name it is asked for. */
    public record Target(String upstream, String model) {
    }

    /** A public model: its id, targets in fallback order and the limits of its requests. */
    public record Route(String id, List<Target> targets, int maxTokens, int maxN, String ownedBy) {
    }

    private final Map<String, Route> byName = new HashMap<>();
    private final Map<String, Route> models = new TreeMap<>();

    public ModelCatalog(ChatConfig config) {
        config.models().forEach((id, model) -> {
            List<Target> targets = new ArrayList<>();
            for (String entry : model.route()) {
                int colon = entry.indexOf(':');
                if (colon <= 0 || colon == entry.length() - 1) {
                    throw new IllegalStateException("chat.models.\"" + id + "\".route: '" + entry + "' is not upstream:model");
                }
                String upstream = entry.substring(0, colon);
                if (!config.upstreams().containsKey(upstream)) {
                    throw new IllegalStateException("chat.models.\"" + id + "\".route names upstream '" + upstream
                            + "', which chat.upstreams does not define");
                }
                targets.add(new Target(upstream, entry.substring(colon + 1)));
            }
            if (targets.isEmpty()) {
                throw new IllegalStateException("chat.models.\"" + id + "\".route is empty");
            }
            Route route = new Route(id, List.copyOf(targets), model.maxTokens(), model.maxN(), model.ownedBy());
            models.put(id, route);
            register(id, route);
            model.aliases().orElse(List.of()).forEach(alias -> register(alias, route));
        });
    }

    private void register(String name, Route route) {
        Route earlier = byName.putIfAbsent(name, route);
        if (earlier != null && earlier != route) {
            throw new IllegalStateException("chat.models: '" + name + "' names both " + earlier.id() + " and " + route.id());
        }
    }

    /** The route of a public id or alias. */
    public Optional<Route> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The public models, by id (aliases are not listed). */
    public Collection<Route> models() {
        return models.values();
    }
}

package studio.ainative.devkit.openai.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import studio.ainative.devkit.openai.service.FaultService;
import studio.ainative.devkit.openai.service.UpstreamStats;
import studio.ainative.devkit.openai.rest.FaultsApi.FaultRequest;

/** Dev helper (no auth, like the rest of /dev): arms and clears faults, and reports what the upstream saw. */
@ApplicationScoped
public class DevFaultsRoute {

    private final FaultService faults;
    private final UpstreamStats stats;
    private final ObjectMapper json;

    public DevFaultsRoute(FaultService faults, UpstreamStats stats, ObjectMapper json) {
        this.faults = faults;
        this.stats = stats;
        this.json = json;
    }

    void arm(RoutingContext ctx) {
        FaultRequest request = JsonBodies.bindStrictly(JsonBodies.read(ctx, json), FaultRequest.class, json);
        FaultsApi.FaultView armed = FaultsApi.FaultView.of(faults.arm(request.mode(), request.status(),
                request.delayMs(), request.afterChunks(), request.count(), request.model()));
        JsonBodies.send(ctx, 201, armed, json);
    }

    void list(RoutingContext ctx) {
        JsonBodies.send(ctx, 200, FaultsApi.FaultList.of(faults.armed()), json);
    }

    void clear(RoutingContext ctx) {
        JsonBodies.send(ctx, 200, new FaultsApi.FaultsCleared(faults.clear()), json);
    }

    void stats(RoutingContext ctx) {
        JsonBodies.send(ctx, 200, FaultsApi.Stats.of(stats), json);
    }
}

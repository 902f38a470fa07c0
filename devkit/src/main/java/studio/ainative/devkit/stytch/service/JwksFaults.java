package studio.ainative.devkit.stytch.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import studio.ainative.devkit.stytch.JwksFault;

/** The JWKS endpoint's one armed fault (or none), and how many JWKS requests it served. */
@ApplicationScoped
public class JwksFaults {

    private final AtomicReference<JwksFault> armed = new AtomicReference<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong faultsServed = new AtomicLong();

    public JwksFault arm(JwksFault fault) {
        armed.set(fault);
        return fault;
    }

    /** True when a fault was armed. */
    public boolean clear() {
        return armed.getAndSet(null) != null;
    }

    public Optional<JwksFault> current() {
        return Optional.ofNullable(armed.get());
    }

    /** Counts one JWKS request and answers the fault that serves it, if any. */
    public Optional<JwksFault> serve() {
        requests.incrementAndGet();
        Optional<JwksFault> fault = current();
        fault.ifPresent(f -> faultsServed.incrementAndGet());
        return fault;
    }

    public long requests() {
        return requests.get();
    }

    public long faultsServed() {
        return faultsServed.get();
    }
}

package studio.ainative.identity.client;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether the service may open a connection to a provider-supplied URL. Outbound calls to
 * customer-controlled URLs (JWKS, provider session APIs) must never reach the cloud metadata service,
 * loopback or the cluster network, unless the deployment allow-lists that exact {@code host:port}.
 * A local stack may also allow loopback as such ({@code 127.0.0.1} and {@code localhost} on any port),
 * so any IdP a developer runs on the machine works; production allows neither.
 */
public final class SsrfGuard {

    /** Host names (as written in the URL) that the loopback allowance covers. */
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost");

    private final boolean allowHttp;
    private final boolean allowLoopback;
    private final Set<String> allowedTargets;

    /** A guard without the loopback allowance. */
    public SsrfGuard(boolean allowHttp, Collection<String> allowedTargets) {
        this(allowHttp, false, allowedTargets);
    }

    public SsrfGuard(boolean allowHttp, boolean allowLoopback, Collection<String> allowedTargets) {
        this.allowHttp = allowHttp;
        this.allowLoopback = allowLoopback;
        this.allowedTargets = allowedTargets.stream()
                .map(t -> t.trim().toLowerCase(Locale.ROOT))
                .filter(t -> !t.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Checks the URL itself: scheme, host, no credentials. */
    public void checkUrl(URI uri) throws BlockedTargetException {
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new BlockedTargetException("URL must be absolute with a host");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new BlockedTargetException(allowHttp ? "URL scheme must be http or https" : "URL must use https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new BlockedTargetException("URL must not carry credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new BlockedTargetException("URL must not have a fragment");
        }
    }

    /** Keeps the resolved addresses that may be contacted; fails when none may. */
    public List<InetAddress> permittedAddresses(URI uri, List<InetAddress> resolved) throws BlockedTargetException {
        if (isAllowListed(uri) || isAllowedLoopback(uri, resolved)) {
            return resolved;
        }
        List<InetAddress> permitted = resolved.stream().filter(a -> !isInternal(a)).toList();
        if (permitted.isEmpty() || permitted.size() != resolved.size()) {
            // One internal address among public ones is still a rebinding/split-horizon risk: refuse all.
            throw new BlockedTargetException("URL host resolves to a loopback, private or link-local address");
        }
        return permitted;
    }

    public static int portOf(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The loopback allowance: a loopback host name whose every resolved address is loopback. */
    private boolean isAllowedLoopback(URI uri, List<InetAddress> resolved) {
        return allowLoopback && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))
                && !resolved.isEmpty() && resolved.stream().allMatch(InetAddress::isLoopbackAddress);
    }

    private boolean isAllowListed(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return allowedTargets.contains(host + ":" + portOf(uri)) || allowedTargets.contains("[" + host + "]:" + portOf(uri));
    }

    /** Loopback, private, link-local, CGNAT, multicast, reserved and documentation ranges (v4 and v6). */
    public static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isInternalV4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // fc00::/7 unique local
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return true; // 2001:db8::/32 documentation
            }
            boolean leadingZeros = true;
            for (int i = 0; i < 10; i++) {
                leadingZeros &= b[i] == 0;
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x02) {
                return isInternalV4(new byte[] {b[2], b[3], b[4], b[5]}); // 2002::/16 6to4 embeds an IPv4 address
            }
            boolean nat64 = first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            boolean mappedOrCompat = leadingZeros && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0));
            if (nat64 || mappedOrCompat) {
                return isInternalV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
        }
        return false;
    }

    private static boolean isInternalV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224
                || (a0 == 100 && a1 >= 64 && a1 <= 127)
                || (a0 == 169 && a1 == 254)
                || (a0 == 172 && a1 >= 16 && a1 <= 31)
                || (a0 == 192 && a1 == 168)
                || (a0 == 192 && a1 == 0 && ((b[2] & 0xff) == 0 || (b[2] & 0xff) == 2))
                || (a0 == 198 && (a1 == 18 || a1 == 19))
                || (a0 == 198 && a1 == 51 && (b[2] & 0xff) == 100)
                || (a0 == 203 && a1 == 0 && (b[2] & 0xff) == 113);
    }
}

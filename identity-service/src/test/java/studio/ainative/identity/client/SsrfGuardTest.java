package studio.ainative.identity.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Address literals only: {@link InetAddress#getByName} never touches DNS for them. */
class SsrfGuardTest {

    private static final URI PUBLIC_URL = URI.create("https://idp.example.com/.well-known/jwks.json");

    private final SsrfGuard httpsOnly = new SsrfGuard(false, List.of());
    private final SsrfGuard httpAllowed = new SsrfGuard(true, List.of());

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void assertBlocked(String literal) {
        assertThrows(BlockedTargetException.class,
                () -> httpsOnly.permittedAddresses(PUBLIC_URL, List.of(ip(literal))), literal + " must be refused");
    }

    private void assertPermitted(String literal) throws BlockedTargetException {
        assertEquals(List.of(ip(literal)), httpsOnly.permittedAddresses(PUBLIC_URL, List.of(ip(literal))));
    }

    // --- checkUrl ---

    @Test
    void acceptsHttpsUrl() {
        assertDoesNotThrow(() -> httpsOnly.checkUrl(PUBLIC_URL));
    }

    @Test
    void acceptsHttpsSchemeInUpperCase() {
        assertDoesNotThrow(() -> httpsOnly.checkUrl(URI.create("HTTPS://idp.example.com/jwks")));
    }

    @Test
    void refusesHttpByDefault() {
        assertThrows(BlockedTargetException.class, () -> httpsOnly.checkUrl(URI.create("http://idp.example.com/jwks")));
    }

    @Test
    void acceptsHttpWhenAllowed() {
        assertDoesNotThrow(() -> httpAllowed.checkUrl(URI.create("http://idp.example.com/jwks")));
    }

    @Test
    void refusesOtherSchemesEvenWhenHttpAllowed() {
        assertThrows(BlockedTargetException.class, () -> httpAllowed.checkUrl(URI.create("ftp://idp.example.com/jwks")));
    }

    @Test
    void refusesFileUrl() {
        assertThrows(BlockedTargetException.class, () -> httpAllowed.checkUrl(URI.create("file:///etc/passwd")));
    }

    @Test
    void refusesUrlWithUserAndPassword() {
        assertThrows(BlockedTargetException.class,
                () -> httpsOnly.checkUrl(URI.create("https://user:secret@idp.example.com/jwks")));
    }

    @Test
    void refusesUrlWithUserOnly() {
        assertThrows(BlockedTargetException.class, () -> httpsOnly.checkUrl(URI.create("https://user@idp.example.com/jwks")));
    }

    @Test
    void refusesUrlWithFragment() {
        assertThrows(BlockedTargetException.class, () -> httpsOnly.checkUrl(URI.create("https://idp.example.com/jwks#keys")));
    }

    @Test
    void refusesRelativeUrl() {
        assertThrows(BlockedTargetException.class, () -> httpsOnly.checkUrl(URI.create("/.well-known/jwks.json")));
    }

    @Test
    void refusesSchemeRelativeUrl() {
        assertThrows(BlockedTargetException.class, () -> httpsOnly.checkUrl(URI.create("//idp.example.com/jwks")));
    }

    @Test
    void refusesUrlWithoutHost() {
        assertThrows(BlockedTargetException.class, () -> httpsOnly.checkUrl(URI.create("https:///jwks")));
    }

    // --- permittedAddresses: what is refused ---

    @Test
    void refusesIpv4DocumentationRanges() {
        assertBlocked("192.0.2.10");
        assertBlocked("198.51.100.7");
        assertBlocked("203.0.113.200");
    }

    @Test
    void refuses6to4AddressEmbeddingAPrivateIpv4() {
        assertBlocked("2002:7f00:1::");
        assertBlocked("2002:0a00:0001::1");
    }

    @Test
    void permits6to4AddressEmbeddingAPublicIpv4() throws BlockedTargetException {
        assertPermitted("2002:0808:0808::1");
    }

    @Test
    void refusesIpv4Loopback() {
        assertBlocked("127.0.0.1");
    }

    @Test
    void refusesWholeIpv4LoopbackRange() {
        assertBlocked("127.255.0.9");
    }

    @Test
    void refusesIpv6Loopback() {
        assertBlocked("::1");
    }

    @Test
    void refusesTenSlashEight() {
        assertBlocked("10.0.0.1");
    }

    @Test
    void refusesUpperEndOfTenSlashEight() {
        assertBlocked("10.255.255.254");
    }

    @Test
    void refuses172Dot16SlashTwelveLowerEnd() {
        assertBlocked("172.16.0.1");
    }

    @Test
    void refuses172Dot16SlashTwelveUpperEnd() {
        assertBlocked("172.31.255.254");
    }

    @Test
    void refuses192Dot168SlashSixteen() {
        assertBlocked("192.168.1.1");
    }

    @Test
    void refusesCloudMetadataAddress() {
        assertBlocked("169.254.169.254");
    }

    @Test
    void refusesCarrierGradeNatLowerEnd() {
        assertBlocked("100.64.0.1");
    }

    @Test
    void refusesCarrierGradeNatUpperEnd() {
        assertBlocked("100.127.255.254");
    }

    @Test
    void refusesUnspecifiedIpv4Address() {
        assertBlocked("0.0.0.0");
    }

    @Test
    void refusesUnspecifiedIpv6Address() {
        assertBlocked("::");
    }

    @Test
    void refusesIpv4Multicast() {
        assertBlocked("224.0.0.1");
    }

    @Test
    void refusesIpv4Broadcast() {
        assertBlocked("255.255.255.255");
    }

    @Test
    void refusesIpv6Multicast() {
        assertBlocked("ff02::1");
    }

    @Test
    void refusesIpv6UniqueLocalFc() {
        assertBlocked("fc00::1");
    }

    @Test
    void refusesIpv6UniqueLocalFd() {
        assertBlocked("fd12:3456:789a::1");
    }

    @Test
    void refusesIpv6LinkLocal() {
        assertBlocked("fe80::1");
    }

    @Test
    void refusesIpv4MappedIpv6Loopback() {
        assertBlocked("::ffff:127.0.0.1");
    }

    @Test
    void refusesIpv4MappedIpv6Metadata() {
        assertBlocked("::ffff:169.254.169.254");
    }

    @Test
    void refusesIpv4MappedLoopbackEvenWhenHeldAsInet6Address() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        assertTrue(SsrfGuard.isInternal(Inet6Address.getByAddress(null, mapped, -1)));
    }

    @Test
    void refusesIpv4CompatibleIpv6Private() {
        assertBlocked("::10.0.0.1");
    }

    @Test
    void refusesNat64PrefixEmbeddingPrivateAddress() {
        assertBlocked("64:ff9b::10.0.0.1");
    }

    @Test
    void refusesNat64PrefixEmbeddingMetadataAddress() {
        assertBlocked("64:ff9b::a9fe:a9fe");
    }

    @Test
    void refusesIpv6DocumentationRange() {
        assertBlocked("2001:db8::1");
    }

    @Test
    void refusesDecimalWrittenLoopback() {
        // 2130706433 is 127.0.0.1 written as one decimal number.
        assertEquals(ip("127.0.0.1"), ip("2130706433"));
        assertBlocked("2130706433");
    }

    @Test
    void refusesMixOfPublicAndPrivateAddresses() {
        assertThrows(BlockedTargetException.class,
                () -> httpsOnly.permittedAddresses(PUBLIC_URL, List.of(ip("93.184.216.34"), ip("10.0.0.5"))));
    }

    @Test
    void refusesMixOfPublicIpv6AndLoopback() {
        assertThrows(BlockedTargetException.class,
                () -> httpsOnly.permittedAddresses(PUBLIC_URL, List.of(ip("2606:4700:4700::1111"), ip("::1"))));
    }

    @Test
    void refusesEmptyResolution() {
        assertThrows(BlockedTargetException.class, () -> httpsOnly.permittedAddresses(PUBLIC_URL, List.of()));
    }

    // --- permittedAddresses: what is allowed ---

    @Test
    void permitsPublicIpv4() throws BlockedTargetException {
        assertPermitted("93.184.216.34");
    }

    @Test
    void permitsPublicIpv6() throws BlockedTargetException {
        assertPermitted("2606:4700:4700::1111");
    }

    @Test
    void permitsAddressJustBelow172Dot16SlashTwelve() throws BlockedTargetException {
        assertPermitted("172.15.255.255");
    }

    @Test
    void permitsAddressJustAbove172Dot16SlashTwelve() throws BlockedTargetException {
        assertPermitted("172.32.0.1");
    }

    @Test
    void permitsAddressJustBelowCarrierGradeNat() throws BlockedTargetException {
        assertPermitted("100.63.255.254");
    }

    @Test
    void permitsAddressJustAboveCarrierGradeNat() throws BlockedTargetException {
        assertPermitted("100.128.0.1");
    }

    @Test
    void permitsNat64PrefixEmbeddingPublicAddress() throws BlockedTargetException {
        assertPermitted("64:ff9b::8.8.8.8");
    }

    @Test
    void permitsSeveralPublicAddressesInOrder() throws BlockedTargetException {
        List<InetAddress> resolved = List.of(ip("93.184.216.34"), ip("2606:4700:4700::1111"));
        assertEquals(resolved, httpsOnly.permittedAddresses(PUBLIC_URL, resolved));
    }

    // --- allow-list: exact host:port as written in the URL ---

    @Test
    void allowListedHostAndPortMayReachLoopback() throws BlockedTargetException {
        SsrfGuard guard = new SsrfGuard(true, List.of("127.0.0.1:8090"));
        List<InetAddress> resolved = List.of(ip("127.0.0.1"));
        assertEquals(resolved, guard.permittedAddresses(URI.create("http://127.0.0.1:8090/jwks"), resolved));
    }

    @Test
    void allowListedNameAndPortMayReachLoopback() throws BlockedTargetException {
        SsrfGuard guard = new SsrfGuard(true, List.of("localhost:8090"));
        List<InetAddress> resolved = List.of(ip("127.0.0.1"), ip("::1"));
        assertEquals(resolved, guard.permittedAddresses(URI.create("http://localhost:8090/jwks"), resolved));
    }

    @Test
    void allowListIsCaseInsensitiveAndTrimmed() throws BlockedTargetException {
        SsrfGuard guard = new SsrfGuard(true, List.of("  LocalHost:8090 "));
        List<InetAddress> resolved = List.of(ip("127.0.0.1"));
        assertEquals(resolved, guard.permittedAddresses(URI.create("http://LOCALHOST:8090/jwks"), resolved));
    }

    @Test
    void allowListedBracketedIpv6MayReachLoopback() throws BlockedTargetException {
        SsrfGuard guard = new SsrfGuard(true, List.of("[::1]:8090"));
        List<InetAddress> resolved = List.of(ip("::1"));
        assertEquals(resolved, guard.permittedAddresses(URI.create("http://[::1]:8090/jwks"), resolved));
    }

    @Test
    void allowListUsesSchemeDefaultPortWhenUrlHasNone() throws BlockedTargetException {
        SsrfGuard guard = new SsrfGuard(false, List.of("127.0.0.1:443"));
        List<InetAddress> resolved = List.of(ip("127.0.0.1"));
        assertEquals(resolved, guard.permittedAddresses(URI.create("https://127.0.0.1/jwks"), resolved));
    }

    @Test
    void allowListDoesNotExtendToOtherPorts() {
        SsrfGuard guard = new SsrfGuard(true, List.of("127.0.0.1:8090"));
        assertThrows(BlockedTargetException.class,
                () -> guard.permittedAddresses(URI.create("http://127.0.0.1:8091/jwks"), List.of(ip("127.0.0.1"))));
    }

    @Test
    void allowListDoesNotExtendToDefaultPortOfSameHost() {
        SsrfGuard guard = new SsrfGuard(true, List.of("127.0.0.1:8090"));
        assertThrows(BlockedTargetException.class,
                () -> guard.permittedAddresses(URI.create("http://127.0.0.1/jwks"), List.of(ip("127.0.0.1"))));
    }

    @Test
    void allowListDoesNotExtendToSameIpWrittenInDecimal() {
        SsrfGuard guard = new SsrfGuard(true, List.of("127.0.0.1:8090"));
        assertThrows(BlockedTargetException.class,
                () -> guard.permittedAddresses(URI.create("http://2130706433:8090/jwks"), List.of(ip("2130706433"))));
    }

    @Test
    void allowListDoesNotExtendToLocalhostNameForAnIpEntry() {
        SsrfGuard guard = new SsrfGuard(true, List.of("127.0.0.1:8090"));
        assertThrows(BlockedTargetException.class,
                () -> guard.permittedAddresses(URI.create("http://localhost:8090/jwks"), List.of(ip("127.0.0.1"))));
    }

    @Test
    void allowListDoesNotExtendToSameIpv6WrittenInFull() {
        SsrfGuard guard = new SsrfGuard(true, List.of("[::1]:8090"));
        assertThrows(BlockedTargetException.class, () -> guard.permittedAddresses(
                URI.create("http://[0:0:0:0:0:0:0:1]:8090/jwks"), List.of(ip("::1"))));
    }

    @Test
    void allowListDoesNotExtendToOtherHostsOnSamePort() {
        SsrfGuard guard = new SsrfGuard(true, List.of("127.0.0.1:8090"));
        assertThrows(BlockedTargetException.class,
                () -> guard.permittedAddresses(URI.create("http://10.0.0.1:8090/jwks"), List.of(ip("10.0.0.1"))));
    }

    // --- loopback allowance (local stacks): 127.0.0.1 and localhost on any port ---

    private final SsrfGuard loopbackAllowed = new SsrfGuard(true, true, List.of());

    @Test
    void loopbackAllowanceAdmitsIpv4LoopbackOnAnyPort() throws BlockedTargetException {
        List<InetAddress> resolved = List.of(ip("127.0.0.1"));
        assertEquals(resolved, loopbackAllowed.permittedAddresses(URI.create("http://127.0.0.1:9999/jwks"), resolved));
        assertEquals(resolved, loopbackAllowed.permittedAddresses(URI.create("http://127.0.0.1:1/jwks"), resolved));
    }

    @Test
    void loopbackAllowanceAdmitsLocalhostOnAnyPort() throws BlockedTargetException {
        List<InetAddress> resolved = List.of(ip("127.0.0.1"), ip("::1"));
        assertEquals(resolved, loopbackAllowed.permittedAddresses(URI.create("http://LocalHost:4444/jwks"), resolved));
    }

    @Test
    void refusesIpv4LoopbackOnAnyPortWithoutTheAllowance() {
        assertThrows(BlockedTargetException.class,
                () -> httpAllowed.permittedAddresses(URI.create("http://127.0.0.1:9999/jwks"), List.of(ip("127.0.0.1"))));
    }

    @Test
    void refusesLocalhostOnAnyPortWithoutTheAllowance() {
        assertThrows(BlockedTargetException.class,
                () -> httpAllowed.permittedAddresses(URI.create("http://localhost:4444/jwks"), List.of(ip("127.0.0.1"))));
    }

    @Test
    void loopbackAllowanceDoesNotExtendToPrivateAddresses() {
        assertThrows(BlockedTargetException.class,
                () -> loopbackAllowed.permittedAddresses(URI.create("http://10.0.0.1:8080/jwks"), List.of(ip("10.0.0.1"))));
    }

    @Test
    void loopbackAllowanceDoesNotExtendToLocalhostResolvingElsewhere() {
        assertThrows(BlockedTargetException.class, () -> loopbackAllowed.permittedAddresses(
                URI.create("http://localhost:8080/jwks"), List.of(ip("127.0.0.1"), ip("10.0.0.5"))));
    }

    @Test
    void loopbackAllowanceDoesNotExtendToOtherNamesResolvingToLoopback() {
        assertThrows(BlockedTargetException.class, () -> loopbackAllowed.permittedAddresses(
                URI.create("http://idp.example.com:8080/jwks"), List.of(ip("127.0.0.1"))));
    }

    @Test
    void loopbackAllowanceDoesNotExtendToLoopbackWrittenInDecimal() {
        assertThrows(BlockedTargetException.class, () -> loopbackAllowed.permittedAddresses(
                URI.create("http://2130706433:8080/jwks"), List.of(ip("2130706433"))));
    }

    // --- portOf ---

    @Test
    void portOfUsesExplicitPort() {
        assertEquals(8443, SsrfGuard.portOf(URI.create("https://idp.example.com:8443/jwks")));
    }

    @Test
    void portOfDefaultsTo443ForHttps() {
        assertEquals(443, SsrfGuard.portOf(URI.create("https://idp.example.com/jwks")));
    }

    @Test
    void portOfDefaultsTo80ForHttp() {
        assertEquals(80, SsrfGuard.portOf(URI.create("http://idp.example.com/jwks")));
    }
}

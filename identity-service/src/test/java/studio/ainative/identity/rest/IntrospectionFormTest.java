package studio.ainative.identity.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.ainative.platform.web.ApiException;

class IntrospectionFormTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl-_x";

    private static IntrospectionForm parse(String body) {
        return IntrospectionForm.parse(body == null ? null : Buffer.buffer(body));
    }

    @Test
    void readsTheThreeMembersInAnyOrder() {
        assertEquals(new IntrospectionForm(JWT, "access_token", "p-1"),
                parse("project_id=p-1&token=" + JWT + "&token_type_hint=access_token"));
        assertEquals(new IntrospectionForm(JWT, null, null), parse("token=" + JWT));
    }

    @Test
    void decodesPercentEscapesAndPlusLikeAnyFormDecoder() {
        String value = "a b+c&d=e;f/ü%";
        IntrospectionForm form = parse("token=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        assertEquals(value, form.token());
        assertEquals("x y", parse("token=x+y").token());
        assertEquals("x;y", parse("token=x;y").token(), "';' is no separator in a form body");
        assertEquals(JWT, parse("%74oken=" + JWT).token(), "names are decoded too");
    }

    @Test
    void decodesRawBytesAsUtf8() {
        assertEquals("ü€", parse("token=ü€").token());
        assertEquals("\uFFFD", IntrospectionForm.parse(Buffer.buffer(new byte[] {'t', 'o', 'k', 'e', 'n', '=', (byte) 0xC3})).token(),
                "a broken sequence is a replacement character, as in any UTF-8 decoder");
    }

    @Test
    void readsABufferThatStartsInsideALargerOne() {
        Buffer whole = Buffer.buffer("&token=other&project_id=p-0&token=" + JWT + "&project_id=p-1");
        int from = whole.toString().indexOf("&token=" + JWT);
        assertEquals(new IntrospectionForm(JWT, null, "p-1"), IntrospectionForm.parse(whole.slice(from, whole.length())));
    }

    @Test
    void ignoresUnknownMembersEmptySegmentsAndMembersWithoutAValue() {
        assertEquals(new IntrospectionForm(JWT, null, null), parse("&&client_id=x&flag&token=" + JWT + "&"));
        assertEquals("", parse("token").token(), "a member without '=' has the empty value");
        assertEquals("", parse("token=").token());
        assertEquals("a=b", parse("token=a=b").token(), "only the first '=' separates");
    }

    @Test
    void anEmptyOrMissingBodyHasNoMembers() {
        assertEquals(new IntrospectionForm(null, null, null), parse(""));
        assertEquals(new IntrospectionForm(null, null, null), parse(null));
    }

    /** A member sent twice, or a broken percent escape in a name or a value. */
    @ParameterizedTest
    @ValueSource(strings = {"token=a&token=b", "token=a&token=a", "token_type_hint=x&token=a&token_type_hint=y",
            "project_id=&project_id=p", "token=%zz", "token=abc%", "token=abc%4", "to%g1ken=a"})
    void isAnInvalidRequest(String body) {
        ApiException e = assertThrows(ApiException.class, () -> parse(body));
        assertEquals(400, e.status());
        assertEquals("invalid_request", e.code());
    }

    @Test
    void readsNoMoreThanSixteenMembers() {
        String padding = "x=1&".repeat(IntrospectionForm.MAX_MEMBERS);
        assertNull(parse(padding + "token=" + JWT).token());
        assertEquals(JWT, parse("x=1&".repeat(IntrospectionForm.MAX_MEMBERS - 1) + "token=" + JWT).token());
    }
}

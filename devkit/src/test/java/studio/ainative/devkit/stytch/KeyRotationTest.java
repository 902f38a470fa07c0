package studio.ainative.devkit.stytch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static studio.ainative.devkit.stytch.StytchApi.assertStytchError;
import static studio.ainative.devkit.stytch.StytchApi.authenticateSession;
import static studio.ainative.devkit.stytch.StytchApi.loggedIn;
import static studio.ainative.devkit.stytch.StytchApi.rotateKeys;
import static studio.ainative.devkit.stytch.StytchApi.uniqueEmail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KeyRotationTest {

    private static List<String> publishedKids() {
        return SessionJwts.publishedKeys().getJsonWebKeys().stream().map(JsonWebKey::getKeyId).toList();
    }

    @Test
    void rotationSignsWithTheNewKeyAndKeepsTheOldOnePublished() throws Exception {
        String oldKid = SessionJwts.header(loggedIn(uniqueEmail("before-rotation"), 60).getString("session_jwt"))
                .getKeyIdHeaderValue();

        JsonPath rotation = rotateKeys(false);
        String newKid = rotation.getString("kid");

        assertThat(newKid, not(equalTo(oldKid)));
        assertThat(rotation.getList("published_kids", String.class), hasItems(oldKid, newKid));
        assertThat(publishedKids(), hasItems(oldKid, newKid));
        String jwt = loggedIn(uniqueEmail("after-rotation"), 60).getString("session_jwt");
        assertThat(SessionJwts.header(jwt).getKeyIdHeaderValue(), equalTo(newKid));
        SessionJwts.verifiedClaims(jwt);
    }

    @Test
    void jwtsFromBeforeARotationStillAuthenticate() {
        String jwt = loggedIn(uniqueEmail("survives-rotation"), 60).getString("session_jwt");

        rotateKeys(false);

        authenticateSession(Map.of("session_jwt", jwt)).statusCode(200);
    }

    @Test
    void retiringOldKeysPublishesOnlyTheNewOne() throws Exception {
        String oldKid = SessionJwts.header(loggedIn(uniqueEmail("before-retire"), 60).getString("session_jwt"))
                .getKeyIdHeaderValue();

        JsonPath rotation = rotateKeys(true);
        String newKid = rotation.getString("kid");

        assertThat(rotation.getList("published_kids", String.class), contains(newKid));
        assertThat(publishedKids(), contains(newKid));
        assertThat(publishedKids(), not(hasItem(oldKid)));
    }

    @Test
    void jwtsSignedByARetiredKeyAreRejected() {
        String jwt = loggedIn(uniqueEmail("retired"), 60).getString("session_jwt");

        rotateKeys(true);

        assertStytchError(authenticateSession(Map.of("session_jwt", jwt)), 401, "unable_to_parse_session_jwt");
    }
}

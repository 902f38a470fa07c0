package studio.ainative.zerodb;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.zerodb.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.zerodb.fixtures.RawHttp;

/** The files API with a project API key: streamed upload and download, listing, limits. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class FileApiTest {

    private static Tenant tenant;

    @BeforeEach
    void project() {
        if (tenant == null) {
            tenant = Tenant.create("files");
        }
    }

    private static RequestSpecification asKey() {
        return given().header("Authorization", "Bearer " + tenant.apiKey());
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    @Test
    void uploadThenDownloadTheSameBytesWithTheirContentType() throws Exception {
        // 3 chunks of 256 KiB and a bit: the content crosses chunk boundaries.
        byte[] data = bytes(3 * 256 * 1024 + 1234, 1);
        String id = asKey().multiPart("file", "report.pdf", data, "application/pdf")
                .multiPart("metadata", "{\"kind\": \"report\"}")
                .post(BASE + "/files").then().statusCode(201)
                .body("file_name", equalTo("report.pdf")).body("content_type", equalTo("application/pdf"))
                .body("size_bytes", equalTo(data.length)).body("sha256", equalTo(sha256(data)))
                .extract().path("file_id");
        byte[] downloaded = asKey().get(BASE + "/files/" + id).then().statusCode(200)
                .contentType("application/pdf")
                .header("Content-Disposition", "attachment; filename*=UTF-8''report.pdf")
                .header("X-Content-Type-Options", "nosniff")
                .extract().asByteArray();
        assertArrayEquals(data, downloaded);
        asKey().get(BASE + "/files/" + id + "/metadata").then().statusCode(200)
                .body("metadata.kind", equalTo("report")).body("size_bytes", equalTo(data.length));
    }

    @Test
    void emptyFileIsStored() throws Exception {
        String id = asKey().multiPart("file", "empty.txt", new byte[0], "text/plain").post(BASE + "/files").then().statusCode(201)
                .body("size_bytes", equalTo(0)).body("sha256", equalTo(sha256(new byte[0]))).extract().path("file_id");
        assertEquals(0, asKey().get(BASE + "/files/" + id).then().statusCode(200).extract().asByteArray().length);
    }

    @Test
    void fileNamesLoseTheirDirectories() {
        asKey().multiPart("file", "../../etc/passwd", "x".getBytes(StandardCharsets.UTF_8), "text/plain").post(BASE + "/files")
                .then().statusCode(201).body("file_name", equalTo("passwd"));
    }

    @Test
    void listPagesAndDeleteRemoves() {
        Tenant own = Tenant.create("files-list");
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer " + own.apiKey()).multiPart("file", "f" + i + ".txt", ("n" + i).getBytes(), "text/plain")
                    .post(BASE + "/files").then().statusCode(201);
        }
        var first = given().header("Authorization", "Bearer " + own.apiKey()).queryParam("limit", 2).get(BASE + "/files").then()
                .statusCode(200).body("files", hasSize(2)).body("has_more", equalTo(true)).extract().jsonPath();
        List<String> rest = given().header("Authorization", "Bearer " + own.apiKey()).queryParam("limit", 2)
                .queryParam("cursor", first.getString("next_cursor")).get(BASE + "/files").then().statusCode(200)
                .body("has_more", equalTo(false)).extract().jsonPath().getList("files.file_name");
        assertEquals(List.of("f2.txt"), rest);
        String id = first.getString("files[0].file_id");
        given().header("Authorization", "Bearer " + own.apiKey()).delete(BASE + "/files/" + id).then().statusCode(204);
        problem(given().header("Authorization", "Bearer " + own.apiKey()).get(BASE + "/files/" + id).then(), 404, "file_not_found");
        problem(given().header("Authorization", "Bearer " + own.apiKey()).get(BASE + "/files/" + id + "/metadata").then(), 404,
                "file_not_found");
    }

    @Test
    void fileOverTheLimitIsRefusedAndNothingIsStored() {
        Tenant own = Tenant.create("files-limit");
        byte[] data = new byte[25 * 1024 * 1024 + 1];
        problem(given().header("Authorization", "Bearer " + own.apiKey()).multiPart("file", "big.bin", data, "application/octet-stream")
                .post(BASE + "/files").then(), 413, "file_too_large");
        given().header("Authorization", "Bearer " + own.apiKey()).get(BASE + "/files").then().statusCode(200).body("files", hasSize(0));
    }

    @Test
    void declaredBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        String response = RawHttp.send("POST " + BASE + "/files HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + tenant.apiKey()
                + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 104857600\r\n\r\n--b\r\n", false);
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.contains("application/problem+json") && response.contains("file_too_large"), response);
    }

    @Test
    void interruptedUploadLeavesNothingVisible() throws Exception {
        Tenant own = Tenant.create("files-interrupted");
        String head = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        RawHttp.send("POST " + BASE + "/files HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + own.apiKey()
                + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n" + head + "x".repeat(50_000), true);
        Thread.sleep(500);
        given().header("Authorization", "Bearer " + own.apiKey()).get(BASE + "/files").then().statusCode(200).body("files", hasSize(0));
    }

    @Test
    void uploadWithoutAFilePartIsRefused() {
        problem(asKey().multiPart("metadata", "{}").post(BASE + "/files").then(), 400, "missing_file");
    }

    @Test
    void metadataThatIsNotJsonIsRefused() {
        problem(asKey().multiPart("file", "a.txt", "a".getBytes(), "text/plain").multiPart("metadata", "not json")
                .post(BASE + "/files").then(), 400, "invalid_metadata");
    }

    @Test
    void unknownFileIs404() {
        problem(asKey().get(BASE + "/files/" + java.util.UUID.randomUUID()).then(), 404, "file_not_found");
        problem(asKey().get(BASE + "/files/not-a-uuid").then(), 404, "file_not_found");
    }
}

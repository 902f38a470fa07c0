package studio.ainative.zerodb;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static studio.ainative.platform.testing.Tenant.as;
import static studio.ainative.zerodb.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/**
 * Many random operations by several users and the API keys of three projects (RLS off, strict,
 * owner_write) on vectors, table rows and files. A model records who owns what; every write's status
 * and every read's result is checked against what the model says the caller may do and see.
 * The seed is printed, so a failure can be replayed.
 */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class RandomizedIsolationTest {

    private static final int OPERATIONS = 240;

    enum Kind { VECTOR, ROW, FILE }

    /** One thing stored: its kind, the project it is in, its owner (user id, or null for an API key) and its id. */
    record Item(Kind kind, Project project, String owner, String id, String label) {
    }

    record Actor(Project project, String userId, String token) {
        boolean apiKey() {
            return userId == null;
        }
    }

    static final class Project {
        final Tenant tenant;
        final String mode;
        final List<Actor> actors = new ArrayList<>();

        Project(Tenant tenant, String mode) {
            this.tenant = tenant;
            this.mode = mode;
        }

        boolean canRead(Actor actor, Item item) {
            if (item.project() != this || actor.project() != this) {
                return false;
            }
            return actor.apiKey() || !mode.equals("strict") || actor.userId().equals(item.owner());
        }

        boolean canWrite(Actor actor, Item item) {
            return canRead(actor, item) && (actor.apiKey() || mode.equals("off") || actor.userId().equals(item.owner()));
        }
    }

    private final List<Item> items = new ArrayList<>();
    private final List<Item> deleted = new ArrayList<>();

    @Test
    void everyReadMatchesTheOwnershipModel() {
        long seed = Long.getLong("isolation.seed", System.nanoTime());
        System.out.println("RandomizedIsolationTest seed " + seed);
        Random random = new Random(seed);
        List<Project> projects = List.of(project("iso-off", "off"), project("iso-strict", "strict"), project("iso-owner-write", "owner_write"));
        List<Actor> actors = projects.stream().flatMap(p -> p.actors.stream()).toList();

        for (int op = 0; op < OPERATIONS; op++) {
            Actor actor = actors.get(random.nextInt(actors.size()));
            int choice = random.nextInt(10);
            String context = "seed " + seed + ", operation " + op + ", " + describe(actor);
            if (choice < 3 || items.isEmpty()) {
                create(actor, Kind.values()[random.nextInt(3)], random);
            } else if (choice < 5) {
                delete(actor, pick(random), context);
            } else if (choice < 8) {
                get(actor, pick(random), context);
            } else {
                listAll(actor, context);
            }
        }
        for (Actor actor : actors) {
            listAll(actor, "final listing, seed " + seed + ", " + describe(actor));
        }
    }

    private Project project(String name, String mode) {
        Project project = new Project(Tenant.create(name), mode);
        if (!mode.equals("off")) {
            project.tenant.asKey().body(Map.of("enabled", true, "policy", mode)).post(BASE + "/projects/" + project.tenant.projectId() + "/rls")
                    .then().statusCode(200);
        }
        project.tenant.asKey().body(Map.of("name", "items")).post(BASE + "/tables").then().statusCode(201);
        project.actors.add(new Actor(project, null, project.tenant.apiKey()));
        for (String user : List.of("ann", "ben", "cat")) {
            String userId = Tenant.newUserId(user);
            project.actors.add(new Actor(project, userId, project.tenant.userToken(userId)));
        }
        return project;
    }

    /** An item to act on: mostly live ones, some already deleted. */
    private Item pick(Random random) {
        if (!deleted.isEmpty() && random.nextInt(8) == 0) {
            return deleted.get(random.nextInt(deleted.size()));
        }
        return items.get(random.nextInt(items.size()));
    }

    private void create(Actor actor, Kind kind, Random random) {
        String label = kind.name().toLowerCase() + "-" + UUID.randomUUID();
        String id;
        switch (kind) {
            case VECTOR -> {
                id = label;
                as(actor.token()).body(Map.of("vector_id", id, "namespace", "iso", "vector_embedding",
                        new double[] {random.nextDouble() + 0.01, random.nextDouble(), random.nextDouble()}))
                        .post(BASE + "/vectors/upsert").then().statusCode(200);
            }
            case ROW -> id = as(actor.token()).body(Map.of("row_data", Map.of("label", label))).post(BASE + "/tables/items/rows")
                    .then().statusCode(201).extract().path("row_id");
            default -> id = given().header("Authorization", "Bearer " + actor.token())
                    .multiPart("file", label, label.getBytes(), "text/plain").post(BASE + "/files").then().statusCode(201)
                    .extract().path("file_id");
        }
        items.add(new Item(kind, actor.project(), actor.userId(), id, label));
    }

    private static String path(Item item) {
        return switch (item.kind()) {
            case VECTOR -> BASE + "/vectors/" + item.id();
            case ROW -> BASE + "/tables/items/rows/" + item.id();
            case FILE -> BASE + "/files/" + item.id();
        };
    }

    private void delete(Actor actor, Item item, String context) {
        boolean live = items.contains(item);
        int expected = !live || !actor.project().canRead(actor, item) ? 404 : actor.project().canWrite(actor, item) ? 204 : 403;
        int status = as(actor.token()).delete(path(item)).then().extract().statusCode();
        assertEquals(expected, status, "DELETE " + item + " by " + context);
        if (status == 204) {
            items.remove(item);
            deleted.add(item);
        }
    }

    private void get(Actor actor, Item item, String context) {
        boolean visible = items.contains(item) && actor.project().canRead(actor, item);
        int status = as(actor.token()).get(path(item)).then().extract().statusCode();
        assertEquals(visible ? 200 : 404, status, "GET " + item + " by " + context);
    }

    /** Every listing of the actor equals exactly the model's visible set, per kind. */
    private void listAll(Actor actor, String context) {
        Map<Kind, Set<String>> expected = new HashMap<>();
        for (Kind kind : Kind.values()) {
            expected.put(kind, new HashSet<>());
        }
        for (Item item : items) {
            if (actor.project().canRead(actor, item)) {
                expected.get(item.kind()).add(item.label());
            }
        }
        Set<String> vectors = new HashSet<>(as(actor.token()).queryParam("namespace", "iso").queryParam("limit", 1000)
                .get(BASE + "/vectors").then().statusCode(200).extract().jsonPath().getList("vectors.vector_id"));
        Set<String> rows = new HashSet<>(as(actor.token()).body(Map.of("limit", 1000)).post(BASE + "/tables/items/query")
                .then().statusCode(200).extract().jsonPath().getList("rows.row_data.label"));
        Set<String> files = new HashSet<>(given().header("Authorization", "Bearer " + actor.token()).queryParam("limit", 1000)
                .get(BASE + "/files").then().statusCode(200).extract().jsonPath().getList("files.file_name"));
        Set<String> searched = new HashSet<>(as(actor.token()).body(Map.of("query_vector", new double[] {1, 0.5, 0.5}, "namespace", "iso",
                "top_k", 100)).post(BASE + "/vectors/search").then().statusCode(200).extract().jsonPath().getList("results.vector_id"));
        assertEquals(expected.get(Kind.VECTOR), vectors, "vector listing, " + context);
        assertEquals(expected.get(Kind.ROW), rows, "row query, " + context);
        assertEquals(expected.get(Kind.FILE), files, "file listing, " + context);
        assertEquals(expected.get(Kind.VECTOR), searched, "search, " + context);
    }

    private static String describe(Actor actor) {
        return (actor.apiKey() ? "API key" : actor.userId()) + " of " + actor.project().mode;
    }
}

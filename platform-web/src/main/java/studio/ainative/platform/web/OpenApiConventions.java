package studio.ainative.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * What every service's OpenAPI document ({@code /q/openapi}) says the same way, written once for all
 * operations rather than on each resource:
 * <ul>
 *   <li>the error body: its schema in {@code components.schemas}, every operation's {@code default} response
 *       (whatever status the service README lists, the body has this shape), and each 4xx or 5xx an operation
 *       declares without a body (an {@code @APIResponse} with a code and a description) gets it too;</li>
 *   <li>the request id: {@code X-Request-ID} as an optional header of every operation and a header of every
 *       response ({@link RequestIds});</li>
 *   <li>the credentials: an operation that requires authentication takes {@code Authorization: Bearer} (an end
 *       user's session JWT or a project API key) or {@code X-API-Key}, the schemes {@code bearer} and
 *       {@code apiKey}; Quarkus' generated requirements name a scheme nobody defines, they are replaced.</li>
 * </ul>
 * A service names its subclass in {@code mp.openapi.filter}: {@link ProblemConventions} by default (this
 * library's {@code microprofile-config.properties}); chat-service its OpenAI envelope.
 */
public abstract class OpenApiConventions implements OASFilter {

    static final String BEARER = "bearer";
    static final String API_KEY = "apiKey";
    private static final String REQUEST_ID = "RequestId";

    private final String mediaType;
    private final String schemaName;
    private final String description;
    private final Map<String, String> bodiless;

    /**
     * @param mediaType   the error body's media type
     * @param schemaName  its name under {@code components.schemas}
     * @param description the {@code default} response's description
     * @param bodiless    statuses this service answers without a body, with what to say of them instead
     */
    protected OpenApiConventions(String mediaType, String schemaName, String description, Map<String, String> bodiless) {
        this.mediaType = mediaType;
        this.schemaName = schemaName;
        this.description = description;
        this.bodiless = Map.copyOf(bodiless);
    }

    /** The error body's schema. */
    protected abstract Schema schema();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        addIfAbsent(components.getSchemas(), schemaName, () -> components.addSchema(schemaName, schema()));
        addIfAbsent(components.getHeaders(), REQUEST_ID, () -> components.addHeader(REQUEST_ID, OASFactory.createHeader()
                .description("the request's id: the caller's `X-Request-ID` when it is at most " + RequestIds.MAX_LENGTH
                        + " characters of `[A-Za-z0-9._-]`, else one the service made; it is in every log line of the request")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING))));
        addIfAbsent(components.getParameters(), REQUEST_ID, () -> components.addParameter(REQUEST_ID, OASFactory.createParameter()
                .name(RequestIds.HEADER).in(Parameter.In.HEADER).required(false)
                .description("an id for this request (at most " + RequestIds.MAX_LENGTH + " characters of `[A-Za-z0-9._-]`); "
                        + "the gateway sets one, the answer returns it")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(RequestIds.MAX_LENGTH)
                        .pattern("^[A-Za-z0-9._-]+$"))));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        boolean secured = false;
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            if (item.getOperations() != null) {
                for (Operation operation : item.getOperations().values()) {
                    document(operation);
                    secured |= credentials(operation);
                }
            }
        }
        if (secured) {
            addIfAbsent(components.getSecuritySchemes(), BEARER, () -> components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme()
                    .type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .description("an end user's session JWT from the project's identity provider, or a project API key (`ak_…`)")));
            addIfAbsent(components.getSecuritySchemes(), API_KEY, () -> components.addSecurityScheme(API_KEY, OASFactory.createSecurityScheme()
                    .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-API-Key")
                    .description("a project API key (`ak_…`)")));
        }
    }

    private void document(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (responses.getAPIResponses() != null) {
            responses.getAPIResponses().forEach((status, response) -> {
                if (response.getRef() != null) {
                    return;
                }
                if (isError(status) && isEmpty(response.getContent())) {
                    if (bodiless.containsKey(status)) {
                        response.setDescription(bodiless.get(status));
                    } else {
                        response.setContent(errorBody());
                    }
                }
                response.addHeader(RequestIds.HEADER, OASFactory.createHeader().ref(REQUEST_ID));
            });
        }
        if (responses.getDefaultValue() == null) {
            responses.setDefaultValue(OASFactory.createAPIResponse().description(description).content(errorBody()));
        }
        responses.getDefaultValue().addHeader(RequestIds.HEADER, OASFactory.createHeader().ref(REQUEST_ID));
        boolean hasRequestId = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> RequestIds.HEADER.equalsIgnoreCase(p.getName()) || ("#/components/parameters/" + REQUEST_ID).equals(p.getRef()));
        if (!hasRequestId) {
            operation.addParameter(OASFactory.createParameter().ref(REQUEST_ID));
        }
    }

    /** Either credential for an operation that requires one; true when it does. */
    private static boolean credentials(Operation operation) {
        List<SecurityRequirement> requirements = operation.getSecurity();
        if (requirements == null || requirements.isEmpty()) {
            return false;
        }
        List<String> scopes = new ArrayList<>();
        requirements.get(0).getSchemes().values().stream().filter(list -> list != null).findFirst().ifPresent(scopes::addAll);
        operation.setSecurity(new ArrayList<>(List.of(
                OASFactory.createSecurityRequirement().addScheme(BEARER, scopes),
                OASFactory.createSecurityRequirement().addScheme(API_KEY, scopes))));
        return true;
    }

    private Content errorBody() {
        return OASFactory.createContent().addMediaType(mediaType,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(schemaName)));
    }

    private static <T> void addIfAbsent(Map<String, T> existing, String name, Runnable add) {
        if (existing == null || !existing.containsKey(name)) {
            add.run();
        }
    }

    private static boolean isError(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    private static boolean isEmpty(Content content) {
        return content == null || content.getMediaTypes() == null || content.getMediaTypes().isEmpty();
    }

    /** A schema of type {@code type} with {@code description}, for the subclasses' properties. */
    protected static Schema property(Schema.SchemaType type, String description) {
        return OASFactory.createSchema().addType(type).description(description);
    }
}

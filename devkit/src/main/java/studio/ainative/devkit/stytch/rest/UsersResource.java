package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import studio.ainative.devkit.stytch.StytchIds;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.UserSearch;
import studio.ainative.devkit.stytch.rest.UsersApi.CreateRequest;
import studio.ainative.devkit.stytch.rest.UsersApi.CreateResponse;
import studio.ainative.devkit.stytch.rest.UsersApi.DeleteResponse;
import studio.ainative.devkit.stytch.rest.UsersApi.GetResponse;
import studio.ainative.devkit.stytch.rest.UsersApi.ResultsMetadata;
import studio.ainative.devkit.stytch.rest.UsersApi.SearchRequest;
import studio.ainative.devkit.stytch.rest.UsersApi.SearchResponse;
import studio.ainative.devkit.stytch.service.UserService;
import studio.ainative.devkit.stytch.service.UserService.SearchPage;

/** Stytch's users API. Basic auth is enforced by ProjectSecretFilter. */
@Path("/v1/users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    private final UserService users;
    private final UserViews userViews;

    public UsersResource(UserService users, UserViews userViews) {
        this.users = users;
        this.userViews = userViews;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public CreateResponse create(CreateRequest request) {
        RequiredBody.check(request);
        User user = users.create(request.email(), UserView.Name.toDomain(request.name()),
                request.createUserAsPending(), request.trustedMetadata(), request.untrustedMetadata());
        return new CreateResponse(StytchIds.requestId(), user.userId(), user.email().emailId(),
                user.status().wireName(), "", userViews.of(user), 200);
    }

    @GET
    @Path("/{user_id}")
    public GetResponse get(@PathParam("user_id") String userId) {
        return new GetResponse(StytchIds.requestId(), userViews.of(users.get(userId)), 200);
    }

    @DELETE
    @Path("/{user_id}")
    public DeleteResponse delete(@PathParam("user_id") String userId) {
        return new DeleteResponse(StytchIds.requestId(), users.delete(userId).userId(), 200);
    }

    @POST
    @Path("/search")
    @Consumes(MediaType.APPLICATION_JSON)
    public SearchResponse search(SearchRequest request) {
        RequiredBody.check(request);
        UsersApi.Query query = request.query();
        List<UserSearch.Operand> operands = query == null || query.operands() == null
                ? List.of()
                : query.operands().stream()
                        .map(o -> o == null ? null : new UserSearch.Operand(o.filterName(), o.filterValue()))
                        .toList();
        SearchPage page = users.search(query == null ? null : query.operator(), operands, request.limit(),
                request.cursor());
        return new SearchResponse(StytchIds.requestId(), page.results().stream().map(userViews::of).toList(),
                new ResultsMetadata(page.total(), page.nextCursor().orElse(null)), 200);
    }
}

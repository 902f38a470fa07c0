package studio.ainative.chat.usage;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Usage records through Hibernate Reactive Panache. Every query runs inside platform-auth's RLS transaction,
 * so PostgreSQL alone decides which rows a caller sees; the project and owner conditions repeat the policy
 * so the indexes serve the range.
 */
@ApplicationScoped
public class UsageRepository implements PanacheRepositoryBase<UsageRecord, UUID> {

    /** What to group by. */
    public enum Grouping {
        MODEL("model"), DAY("usageDay");

        private final String attribute;

        Grouping(String attribute) {
            this.attribute = attribute;
        }
    }

    /**
     * Rows of (group key, requests, prompt tokens, completion tokens, total tokens) in {@code [from, to)}, for the
     * project or, when {@code owner} is given, that owner only.
     */
    public Uni<List<Object[]>> summary(UUID project, Optional<String> owner, Instant from, Instant to, Grouping grouping) {
        String where = "projectId = :project and createdAt >= :from and createdAt < :to" + (owner.isPresent() ? " and ownerId = :owner" : "");
        String hql = "select " + grouping.attribute + ", count(*), sum(promptTokens), sum(completionTokens), sum(totalTokens) "
                + "from UsageRecord where " + where + " group by " + grouping.attribute + " order by " + grouping.attribute;
        return getSession().chain(session -> {
            var query = session.createSelectionQuery(hql, Object[].class)
                    .setParameter("project", project).setParameter("from", from).setParameter("to", to);
            owner.ifPresent(id -> query.setParameter("owner", id));
            return query.getResultList();
        });
    }
}

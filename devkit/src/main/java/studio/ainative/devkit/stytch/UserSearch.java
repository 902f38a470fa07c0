package studio.ainative.devkit.stytch;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Stytch's user search query ({@code {operator, operands: [{filter_name, filter_value}]}}) as a
 * predicate, and its opaque pagination cursor. The filters devkit knows are those its users can
 * differ in: email_address, email_address_fuzzy, email_id, email_verified, user_id, status,
 * password_exists, oauth_provider, created_at_greater_than, created_at_less_than and
 * created_at_between. Values come as Jackson reads untyped JSON (lists, strings, booleans, maps).
 */
public final class UserSearch {

    public record Operand(String filterName, Object filterValue) {
    }

    static final int MAX_OPERANDS = 20;
    static final int MAX_VALUES = 1000;
    static final int MAX_VALUE_LENGTH = 512;

    private UserSearch() {
    }

    /** No operands match everyone; otherwise {@code operator} (AND, or the deprecated OR) is required. */
    public static Predicate<User> filter(String operator, List<Operand> operands) {
        if (operands == null || operands.isEmpty()) {
            return user -> true;
        }
        if (operands.size() > MAX_OPERANDS) {
            throw invalid("query.operands may hold at most " + MAX_OPERANDS + " filters.");
        }
        List<Predicate<User>> filters = operands.stream().map(UserSearch::predicate).toList();
        String op = operator == null ? "" : operator.toUpperCase(Locale.ROOT);
        return switch (op) {
            case "AND" -> user -> filters.stream().allMatch(f -> f.test(user));
            case "OR" -> user -> filters.stream().anyMatch(f -> f.test(user));
            default -> throw invalid("query.operator must be AND or OR.");
        };
    }

    private static Predicate<User> predicate(Operand operand) {
        if (operand == null || operand.filterName() == null) {
            throw invalid("Each operand needs a filter_name.");
        }
        String name = operand.filterName();
        Object value = operand.filterValue();
        return switch (name) {
            case "email_address" -> {
                Set<String> emails = lowerCased(strings(name, value));
                yield user -> emails.contains(user.email().address());
            }
            case "email_address_fuzzy" -> {
                String part = string(name, value).toLowerCase(Locale.ROOT);
                yield user -> user.email().address().contains(part);
            }
            case "email_id" -> {
                Set<String> ids = Set.copyOf(strings(name, value));
                yield user -> ids.contains(user.email().emailId());
            }
            case "email_verified" -> {
                boolean verified = bool(name, value);
                yield user -> user.email().verified() == verified;
            }
            case "user_id" -> {
                Set<String> ids = Set.copyOf(strings(name, value));
                yield user -> ids.contains(user.userId());
            }
            case "status" -> {
                String status = string(name, value);
                yield user -> user.status().wireName().equals(status);
            }
            case "password_exists" -> {
                boolean exists = bool(name, value);
                yield user -> user.passwordCredential().isPresent() == exists;
            }
            case "oauth_provider" -> {
                Set<String> providers = lowerCased(strings(name, value));
                yield user -> user.providers().stream()
                        .anyMatch(p -> providers.contains(p.providerType().toLowerCase(Locale.ROOT)));
            }
            case "created_at_greater_than" -> {
                Instant after = instant(name, value);
                yield user -> user.createdAt().isAfter(after);
            }
            case "created_at_less_than" -> {
                Instant before = instant(name, value);
                yield user -> user.createdAt().isBefore(before);
            }
            case "created_at_between" -> {
                if (!(value instanceof Map<?, ?> range)) {
                    throw invalid("filter_value of created_at_between must be {greater_than, less_than}.");
                }
                Instant after = instant(name, range.get("greater_than"));
                Instant before = instant(name, range.get("less_than"));
                yield user -> user.createdAt().isAfter(after) && user.createdAt().isBefore(before);
            }
            default -> throw invalid("filter_name " + bounded(name) + " is not one devkit supports.");
        };
    }

    private static List<String> strings(String name, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > MAX_VALUES
                || !list.stream().allMatch(v -> v instanceof String s && s.length() <= MAX_VALUE_LENGTH)) {
            throw invalid("filter_value of " + name + " must be an array of 1 to " + MAX_VALUES + " strings.");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static String string(String name, Object value) {
        if (!(value instanceof String s) || s.isEmpty() || s.length() > MAX_VALUE_LENGTH) {
            throw invalid("filter_value of " + name + " must be a non-empty string.");
        }
        return s;
    }

    private static boolean bool(String name, Object value) {
        if (!(value instanceof Boolean b)) {
            throw invalid("filter_value of " + name + " must be a boolean.");
        }
        return b;
    }

    private static Instant instant(String name, Object value) {
        try {
            return Instant.parse(string(name, value));
        } catch (DateTimeParseException e) {
            throw invalid("filter_value of " + name + " must be an RFC 3339 timestamp in UTC.");
        }
    }

    private static Set<String> lowerCased(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private static String bounded(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }

    /** Where a page ended: the creation time and id of its last user, opaque to callers. */
    public record Cursor(Instant createdAt, String userId) {

        public static Cursor after(User user) {
            return new Cursor(user.createdAt(), user.userId());
        }

        public static Optional<Cursor> parseOptional(String raw) {
            if (raw == null || raw.isBlank()) {
                return Optional.empty();
            }
            if (raw.length() > MAX_VALUE_LENGTH) {
                throw invalid("cursor is not one a search returned.");
            }
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
                int bar = decoded.indexOf('|');
                return Optional.of(new Cursor(Instant.parse(decoded.substring(0, bar)), decoded.substring(bar + 1)));
            } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                throw invalid("cursor is not one a search returned.");
            }
        }

        /** Whether the user comes after this cursor in creation order. */
        public boolean precedes(User user) {
            int byTime = user.createdAt().compareTo(createdAt);
            return byTime > 0 || (byTime == 0 && user.userId().compareTo(userId) > 0);
        }

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt + "|" + userId).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static StytchException invalid(String message) {
        return new StytchException(StytchError.INVALID_ARGUMENT, message);
    }
}

package studio.ainative.identity;

import java.time.OffsetDateTime;
import java.util.UUID;

public record Project(UUID id, String name, OffsetDateTime createdAt) {
}

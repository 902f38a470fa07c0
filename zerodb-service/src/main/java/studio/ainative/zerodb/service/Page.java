package studio.ainative.zerodb.service;

import java.util.List;

/** One page of a listing; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    public boolean hasMore() {
        return nextCursor != null;
    }
}

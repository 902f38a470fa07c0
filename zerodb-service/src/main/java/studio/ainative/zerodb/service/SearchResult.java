package studio.ainative.zerodb.service;

import java.util.List;

public record SearchResult(List<SearchHit> hits, long searchTimeMs) {
}

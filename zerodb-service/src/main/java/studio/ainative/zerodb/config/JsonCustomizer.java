package studio.ainative.zerodb.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * NaN and Infinity are read rather than refused as malformed JSON (many clients write them), so that the
 * services can name the offending member; every stored number is then checked to be finite. Bodies nest at
 * most {@value #MAX_NESTING} levels.
 */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    static final int MAX_NESTING = 64;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
    }
}

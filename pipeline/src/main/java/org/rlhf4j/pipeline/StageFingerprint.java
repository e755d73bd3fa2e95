package org.rlhf4j.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rlhf4j.artifacts.Sha256;

/**
 * What decides whether a finished stage can be reused, as {@code make} decides with timestamps: the SHA-256 of the
 * stage's name, its config as canonical JSON (keys sorted), the fingerprints of the stages it reads, and the
 * SHA-256 of each outside input file. A changed config or input changes the stage's fingerprint and so, through the
 * upstream fingerprints, every stage downstream of it.
 */
public final class StageFingerprint {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private StageFingerprint() {}

    /**
     * The stage's fingerprint (64 hex digits).
     *
     * @param upstreamFingerprints fingerprints of the stages named in {@link Stage#upstream()}, by name
     */
    public static String of(Stage stage, Map<String, String> upstreamFingerprints) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("stage ").append(stage.name()).append('\n');
        text.append("config ").append(CANONICAL.writeValueAsString(stage.config())).append('\n');
        for (String up : stage.upstream()) {
            String fingerprint = upstreamFingerprints.get(up);
            if (fingerprint == null) {
                throw new IllegalStateException("stage " + stage.name() + " reads stage " + up
                        + ", which has not run before it");
            }
            text.append("upstream ").append(up).append(' ').append(fingerprint).append('\n');
        }
        List<Path> files = stage.inputFiles();
        for (Path file : files) {
            text.append("file ").append(file.getFileName()).append(' ').append(Sha256.of(file)).append('\n');
        }
        return Sha256.of(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}

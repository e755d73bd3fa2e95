package org.rlhf4j.artifacts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Provenance of an artifact directory, written as {@code manifest.json} beside its files: what made it (kind, stage,
 * the resolved config, the seed), from what (inputs with SHA-256), what it holds (files with SHA-256), with which
 * software, and the final metrics. Contains no timestamp, so the same run writes the same bytes.
 *
 * @param kind what the directory is, e.g. {@code "arena"}, {@code "sft-model"}
 * @param schemaVersion version of this manifest's layout for {@code kind}
 * @param stage pipeline stage that produced it, e.g. {@code "sft"}
 * @param config the resolved configuration (any JSON-serialisable value)
 * @param inputs input paths (as given) to their SHA-256
 * @param files output files relative to the directory to their SHA-256
 * @param versions software versions (project, DJL, libtorch, Java)
 * @param device where it ran, e.g. {@code "cpu"}
 * @param seed the random seed
 * @param metrics final metrics
 */
@JsonPropertyOrder({"kind", "schema_version", "stage", "seed", "device", "versions", "config", "inputs", "files",
        "metrics"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        @JsonProperty("kind") String kind,
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("stage") String stage,
        @JsonProperty("config") Object config,
        @JsonProperty("inputs") Map<String, String> inputs,
        @JsonProperty("files") Map<String, String> files,
        @JsonProperty("versions") Map<String, String> versions,
        @JsonProperty("device") String device,
        @JsonProperty("seed") Long seed,
        @JsonProperty("metrics") Map<String, Object> metrics) {

    /** The file name every artifact directory uses. */
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Manifest {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("manifest kind must be set");
        }
        inputs = inputs == null ? Map.of() : new TreeMap<>(inputs);
        files = files == null ? Map.of() : new TreeMap<>(files);
        versions = versions == null ? Map.of() : new TreeMap<>(versions);
        metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
    }

    /** SHA-256 of each input path, keyed by the path as given. */
    public static Map<String, String> hashInputs(Iterable<Path> inputs) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        for (Path p : inputs) {
            hashes.put(p.toString(), Sha256.of(p));
        }
        return hashes;
    }

    /**
     * Returns this manifest with {@code files} set to the SHA-256 of every regular file under {@code dir} (paths
     * relative to it, with '/' separators), except the manifest itself and hidden temporary files.
     */
    public Manifest withFilesOf(Path dir) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (rel.equals(FILE_NAME) || p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                hashes.put(rel, Sha256.of(p));
            }
        }
        return new Manifest(kind, schemaVersion, stage, config, inputs, hashes, versions, device, seed, metrics);
    }

    /** Hashes the files of {@code dir} and writes {@code dir/manifest.json} atomically; returns what it wrote. */
    public Manifest writeTo(Path dir) throws IOException {
        Manifest complete = withFilesOf(dir);
        AtomicFile.writeString(dir.resolve(FILE_NAME), JSON.writeValueAsString(complete) + "\n");
        return complete;
    }

    /** Reads {@code dir/manifest.json}. */
    public static Manifest read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE_NAME).toFile(), Manifest.class);
    }

    /** Versions of the Java runtime and of this project; callers add DJL and libtorch where they use them. */
    public static Map<String, String> baseVersions() {
        Map<String, String> v = new TreeMap<>();
        v.put("rlhf4j", ProjectVersion.get());
        v.put("java", System.getProperty("java.version"));
        return v;
    }
}

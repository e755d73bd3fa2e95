package org.rlhf4j.training;

import ai.djl.engine.Engine;
import java.util.Map;
import org.rlhf4j.artifacts.Manifest;

/** The software versions a training artifact records: project, Java, DJL and the engine's libtorch. */
public final class RunVersions {

    private RunVersions() {}

    /** {@code rlhf4j}, {@code java}, {@code djl} and {@code libtorch} versions. */
    public static Map<String, String> all() {
        Map<String, String> versions = Manifest.baseVersions();
        versions.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        versions.put(engine.getEngineName().equals("PyTorch") ? "libtorch" : engine.getEngineName(),
                engine.getVersion());
        return versions;
    }
}

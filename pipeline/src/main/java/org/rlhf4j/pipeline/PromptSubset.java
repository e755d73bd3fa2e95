package org.rlhf4j.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.data.SeededSubset;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;

/** A seeded subset of a prompts file, kept in file order: one iteration's batch of prompts. */
public final class PromptSubset {

    private PromptSubset() {}

    /**
     * Writes {@code size} prompts of {@code promptsFile} drawn without replacement with {@code seed} (in their file
     * order) to {@code target}, or returns {@code promptsFile} itself when {@code size} is 0 or covers it all.
     */
    public static Path write(Path promptsFile, int size, long seed, Path target) throws IOException {
        List<PromptRecord> all = JsonlReader.readAll(promptsFile, RecordKind.PROMPTS);
        if (size <= 0 || size >= all.size()) {
            return promptsFile;
        }
        JsonlWriter.write(target, RecordKind.PROMPTS, SeededSubset.of(all, size, seed));
        return target;
    }
}

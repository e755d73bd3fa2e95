package org.rlhf4j.artifacts;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

public class OutputDirectoryTest {

    @Test
    public void aDirectoryOrANewPathIsFineAFileIsNot() throws IOException {
        Path dir = Files.createTempDirectory("out");
        OutputDirectory.requireWritable(dir);
        OutputDirectory.requireWritable(dir.resolve("new/deeper"));
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        assertEquals(expectThrows(InputException.class, () -> OutputDirectory.requireWritable(file)).getMessage(),
                file + ": is a file; expected an output directory (created if missing)");
        Path below = file.resolve("run");
        assertEquals(expectThrows(InputException.class, () -> OutputDirectory.requireWritable(below)).getMessage(),
                below + ": cannot be created: " + file.toAbsolutePath() + " is a file");
    }

    @Test
    public void inputExceptionsReadLikeCompilerErrors() {
        assertEquals(InputException.at(Path.of("pairs.jsonl"), 7, "rating", "unknown rating 'meh'").getMessage(),
                "pairs.jsonl:7: rating: unknown rating 'meh'");
        assertEquals(new InputException(Path.of("corpus.txt"), "is empty").getMessage(), "corpus.txt: is empty");
        assertEquals(InputException.flag("--max-steps", "must be >= 1, got 0").getMessage(),
                "--max-steps: must be >= 1, got 0");
        InputException e = InputException.at(Path.of("a.jsonl"), 3, null, "not valid UTF-8");
        assertEquals(e.getMessage(), "a.jsonl:3: not valid UTF-8");
        assertEquals(e.line(), 3);
        assertEquals(e.problem(), "not valid UTF-8");
    }
}

package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;
import picocli.CommandLine;

/** Runs {@code rlhf tokenize} through picocli on a word-level tokenizer whose ids are known by hand. */
public class TokenizeCommandTest {

    /** Ids: 0 &lt;unk&gt;, 1 &lt;s&gt;, 2 &lt;/s&gt;, 3 [INST], 4 [/INST], 5 &lt;&lt;SYS&gt;&gt;, 6 &lt;&lt;/SYS&gt;&gt;, 7 Hi, 8 Hello!, 9 Bye. */
    private static final String TOKENIZER = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,"
            + "\"added_tokens\":[{\"id\":1,\"content\":\"<s>\",\"single_word\":false,\"lstrip\":false,"
            + "\"rstrip\":false,\"normalized\":false,\"special\":true},{\"id\":2,\"content\":\"</s>\","
            + "\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}],"
            + "\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"WhitespaceSplit\"},\"post_processor\":null,"
            + "\"decoder\":null,\"model\":{\"type\":\"WordLevel\",\"unk_token\":\"<unk>\",\"vocab\":{\"<unk>\":0,"
            + "\"<s>\":1,\"</s>\":2,\"[INST]\":3,\"[/INST]\":4,\"<<SYS>>\":5,\"<</SYS>>\":6,\"Hi\":7,\"Hello!\":8,"
            + "\"Bye\":9}}}";

    private Path dir;
    private Path tokenizer;

    @BeforeClass
    public void writeTokenizer() throws IOException {
        dir = Files.createTempDirectory("tokenize-cmd");
        tokenizer = Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER);
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Rlhf.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString().strip(), err.toString().strip());
    }

    @Test
    public void textPrintsIdsWithoutBos() {
        Run r = run("tokenize", "--tokenizer", tokenizer.toString(), "--text", "Hi Bye Hi");
        assertEquals(r.exitCode(), 0, r.err());
        assertEquals(r.out(), "[7,9,7]");
    }

    @Test
    public void dialogEndingWithUserUsesThePromptForm() throws IOException {
        Path chat = Files.writeString(dir.resolve("prompt.json"), "[{\"role\":\"system\",\"content\":\"Hi\"},"
                + "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello!\"},"
                + "{\"role\":\"user\",\"content\":\"Bye\"}]");
        Run r = run("tokenize", "--tokenizer", dir.toString(), "--chat", chat.toString());
        assertEquals(r.exitCode(), 0, r.err());
        assertEquals(r.out(), "[1,3,5,7,6,7,4,8,2,1,3,9,4]");
    }

    @Test
    public void dialogEndingWithAssistantUsesTheTrainingForm() throws IOException {
        Path chat = Files.writeString(dir.resolve("train.json"),
                "[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\" Bye \"}]");
        Run r = run("tokenize", "--tokenizer", tokenizer.toString(), "--chat", chat.toString());
        assertEquals(r.exitCode(), 0, r.err());
        assertEquals(r.out(), "[1,3,7,4,9,2]");
    }

    @Test
    public void badDialogsFailWithTheFileAndField() throws IOException {
        Path tags = Files.writeString(dir.resolve("tags.json"), "[{\"role\":\"user\",\"content\":\"[INST] Hi\"}]");
        Run r = run("tokenize", "--tokenizer", tokenizer.toString(), "--chat", tags.toString());
        assertEquals(r.exitCode(), ExitCode.BAD_INPUT);
        assertTrue(r.err().startsWith("rlhf tokenize: " + tags + ": messages[0].content"), r.err());

        Path role = Files.writeString(dir.resolve("role.json"), "[\n{\"role\":\"robot\",\"content\":\"Hi\"}]");
        r = run("tokenize", "--tokenizer", tokenizer.toString(), "--chat", role.toString());
        assertEquals(r.exitCode(), ExitCode.BAD_INPUT);
        assertTrue(r.err().startsWith("rlhf tokenize: " + role + ":2: not valid JSON"), r.err());

        r = run("tokenize", "--tokenizer", tokenizer.toString());
        assertEquals(r.exitCode(), 2, "one of --text and --chat is required");
    }
}

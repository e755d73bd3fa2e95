package org.rlhf4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf tokenize}: prints token ids as a JSON array, either of a plain text (no BOS/EOS, like SentencePiece
 * {@code encode}) or of a dialog in the Llama 2 chat format (METHOD.md §2). A dialog ending with a user message uses
 * the prompt form (open last turn); one ending with an assistant message uses the training form.
 */
@Command(
        name = "tokenize",
        mixinStandardHelpOptions = true,
        description = "Print token ids of a text, or of a dialog in the Llama 2 chat format, as a JSON array.")
public final class TokenizeCommand implements Callable<Integer> {

    @Option(names = "--tokenizer", required = true, paramLabel = "<tokenizer.json>",
            description = "Hugging Face tokenizer.json (or a directory containing one).")
    Path tokenizer;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    /** Exactly one of --text and --chat. */
    static final class Input {
        @Option(names = "--text", paramLabel = "<text>", description = "Text to encode (no BOS/EOS added).")
        String text;

        @Option(names = "--chat", paramLabel = "<dialog.json>",
                description = "JSON array of {\"role\", \"content\"} messages (system?, user, assistant, ...).")
        Path chat;
    }

    @Spec CommandSpec spec;

    private static final String DIALOG_JSON = "a JSON array of {\"role\", \"content\"} messages";

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        List<Message> dialog = null;
        if (input.chat != null) {
            if (!Files.isRegularFile(input.chat)) {
                throw new InputException(input.chat, Files.isDirectory(input.chat) ? "is a directory; expected "
                        + DIALOG_JSON : "no such file; expected " + DIALOG_JSON);
            }
            try {
                dialog = json.readValue(input.chat.toFile(), new TypeReference<List<Message>>() {});
            } catch (JsonProcessingException e) {
                throw InputException.notJson(input.chat, e, DIALOG_JSON);
            }
        }
        try (LlamaTokenizer tok = LlamaTokenizer.open(tokenizer)) {
            int[] ids;
            if (dialog == null) {
                ids = tok.encode(input.text);
            } else {
                try {
                    ids = new ChatFormat(tok).encode(dialog).ids();
                } catch (IllegalArgumentException e) {
                    throw new InputException(input.chat, e.getMessage(), e);
                }
            }
            out.println(json.writeValueAsString(ids));
            out.flush();
        }
        return 0;
    }
}

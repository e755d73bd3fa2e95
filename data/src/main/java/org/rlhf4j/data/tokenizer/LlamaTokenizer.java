package org.rlhf4j.data.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.rlhf4j.artifacts.InputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Llama 2 tokenizer (SentencePiece BPE, 32000 pieces, byte fallback; METHOD.md §1) read from any Hugging Face
 * {@code tokenizer.json} through DJL's {@link HuggingFaceTokenizer}.
 *
 * <p>{@link #encode(String)} behaves like meta-llama's {@code sp.encode(text)}: no BOS/EOS are added (the chat format
 * places them itself) and nothing is truncated or padded (DJL would otherwise cut every text at 512 tokens). A
 * Llama-style {@code tokenizer.json} prepends "▁" to every call, exactly as SentencePiece's dummy prefix does, so a
 * string must be encoded whole rather than piecewise when the result has to match the reference.
 *
 * <p>BOS and EOS ids are looked up from the pieces {@code <s>} and {@code </s>} in {@code added_tokens} or the model
 * vocabulary; a tokenizer without them is rejected when it is opened.
 */
public final class LlamaTokenizer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LlamaTokenizer.class);

    /** The piece that starts a sequence in Llama's vocabulary. */
    public static final String BOS_PIECE = "<s>";
    /** The piece that ends a sequence in Llama's vocabulary. */
    public static final String EOS_PIECE = "</s>";

    private final Path file;
    private final HuggingFaceTokenizer tokenizer;
    private final int bosId;
    private final int eosId;
    private final int vocabSize;

    private LlamaTokenizer(Path file, HuggingFaceTokenizer tokenizer, Map<String, Integer> pieces, int vocabSize) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.bosId = requirePiece(file, pieces, BOS_PIECE);
        this.eosId = requirePiece(file, pieces, EOS_PIECE);
        this.vocabSize = vocabSize;
    }

    /**
     * Opens a {@code tokenizer.json} file (or a directory containing one).
     *
     * @throws IOException if the file cannot be read or parsed, or lacks {@code <s>} / {@code </s>}
     */
    public static LlamaTokenizer open(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        if (!Files.isRegularFile(file)) {
            throw new InputException(path, Files.isDirectory(path) ? "no tokenizer.json in this directory (if the tokenizer is elsewhere, name its file)"
                    : "no such file; expected a Hugging Face tokenizer.json (or a directory holding one)");
        }
        Map<String, Integer> pieces = new HashMap<>();
        int maxId = readPieces(file, pieces);
        HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(
                file,
                Map.of(
                        "addSpecialTokens", "false",
                        "truncation", "false",
                        "padding", "false",
                        "withOverflowingTokens", "false"));
        try {
            LlamaTokenizer t = new LlamaTokenizer(file, hf, pieces, maxId + 1);
            LOG.debug("{}: vocab {} bos {} eos {}", file, t.vocabSize, t.bosId, t.eosId);
            return t;
        } catch (IllegalArgumentException e) {
            hf.close();
            throw new InputException(null, 0, null, e.getMessage(), e); // the message names the file
        }
    }

    /** Token ids of {@code text}, never with BOS/EOS, never truncated (SentencePiece {@code encode}). */
    public int[] encode(String text) {
        return toInts(tokenizer.encode(text, false, false).getIds());
    }

    /**
     * Token ids of {@code text} with, for each token, the index of the first character of {@code text} it covers
     * (a token made only of the prepended "▁" starts at 0). Used to place segment boundaries by position.
     */
    public EncodedText encodeWithOffsets(String text) {
        Encoding e = tokenizer.encode(text, false, false);
        int[] ids = toInts(e.getIds());
        CharSpan[] spans = e.getCharTokenSpans();
        int[] starts = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            starts[i] = spans[i] == null ? -1 : spans[i].getStart();
        }
        return new EncodedText(ids, starts);
    }

    /** The text of {@code ids}; special tokens (BOS/EOS) are skipped, byte pieces are fused back to UTF-8. */
    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new IllegalArgumentException("token id " + ids[i] + " at index " + i
                        + " is outside the vocabulary [0, " + vocabSize + ") of " + file);
            }
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, true);
    }

    /** Id of {@code <s>} (1 for Llama 2). */
    public int bosId() {
        return bosId;
    }

    /** Id of {@code </s>} (2 for Llama 2). */
    public int eosId() {
        return eosId;
    }

    /** Number of ids: one more than the largest id in the vocabulary or the added tokens (32000 for Llama 2). */
    public int vocabSize() {
        return vocabSize;
    }

    /** The {@code tokenizer.json} this tokenizer was read from. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Fills {@code pieces} from {@code added_tokens} and {@code model.vocab}; returns the largest id. */
    private static int readPieces(Path file, Map<String, Integer> pieces) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw InputException.notJson(file, e, "a Hugging Face tokenizer.json");
        } catch (CharConversionException e) {
            throw new InputException(file, "not valid UTF-8; expected a Hugging Face tokenizer.json", e);
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file, "not a JSON object; expected a Hugging Face tokenizer.json");
        }
        int maxId = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) { // BPE, WordLevel, WordPiece: {"piece": id}
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                pieces.put(entry.getKey(), entry.getValue().asInt());
                maxId = Math.max(maxId, entry.getValue().asInt());
            }
        } else if (vocab.isArray()) { // Unigram: [["piece", score], ...], id = position
            for (int i = 0; i < vocab.size(); i++) {
                pieces.put(vocab.get(i).get(0).asText(), i);
            }
            maxId = vocab.size() - 1;
        } else {
            throw new InputException(file, "field model.vocab is missing or neither an object nor an array;"
                    + " expected a Hugging Face tokenizer.json");
        }
        for (JsonNode added : root.path("added_tokens")) {
            int id = added.path("id").asInt();
            pieces.put(added.path("content").asText(), id);
            maxId = Math.max(maxId, id);
        }
        return maxId;
    }

    private static int requirePiece(Path file, Map<String, Integer> pieces, String piece) {
        Integer id = pieces.get(piece);
        if (id == null) {
            throw new IllegalArgumentException(file + ": the vocabulary has no piece '" + piece
                    + "' (Llama tokenizers need <s> and </s>)");
        }
        return id;
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }
}

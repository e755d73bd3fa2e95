package org.rlhf4j.data.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.artifacts.AtomicFile;

/**
 * Writes a {@link BpeModel} as a Hugging Face {@code tokenizer.json} laid out like Llama 2's, which DJL's
 * {@code HuggingFaceTokenizer} loads.
 *
 * <ul>
 *   <li>normalizer: Prepend("▁") then Replace(" " → "▁") — Llama's. With the decoder's Strip(1 leading space) this
 *       round-trips leading spaces too: " a" → "▁▁a" → "  a" → " a". (The Metaspace pre-tokenizer was not chosen:
 *       it would split whitespace runs apart, unlike training, which keeps "▁▁▁▁" indentation pieces.)</li>
 *   <li>pre_tokenizer: Digits(individual_digits) — every digit is its own piece whatever the merges say.</li>
 *   <li>model: BPE with {@code byte_fallback}: a character outside the vocabulary becomes its UTF-8 byte pieces.</li>
 *   <li>decoder: Replace("▁" → " "), ByteFallback, Fuse, Strip(1 leading " ") — Llama's.</li>
 *   <li>post_processor: {@code <s>} before the text when DJL's {@code addSpecialTokens} is on.</li>
 *   <li>{@code added_tokens} is empty on purpose: {@code <s>}, {@code </s>}, {@code <unk>} exist only as model
 *       pieces, so the text "&lt;/s&gt;" is encoded as ordinary characters (as Meta's SentencePiece tokenizer does)
 *       and can never inject an end-of-sequence id; callers add BOS/EOS by id and drop them by id before decoding.</li>
 * </ul>
 *
 * Limits of the round trip {@code decode(encode(s)) == s}: the mark "▁" (U+2581) itself decodes as a space (as in
 * Llama 2), and a Java string with unpaired surrogates is not Unicode text. Output bytes depend only on the model.
 */
public final class LlamaTokenizerJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LlamaTokenizerJson() {}

    /** Writes {@code model} to {@code out} atomically. */
    public static void write(BpeModel model, Path out) throws IOException {
        byte[] bytes = toBytes(model);
        AtomicFile.write(out, o -> o.write(bytes));
    }

    /** The UTF-8 bytes of the tokenizer.json for {@code model}. */
    public static byte[] toBytes(BpeModel model) throws IOException {
        return MAPPER.writeValueAsBytes(toTree(model));
    }

    static ObjectNode toTree(BpeModel model) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.putArray("added_tokens");
        root.set("normalizer", normalizer(f));
        ObjectNode digits = root.putObject("pre_tokenizer");
        digits.put("type", "Digits");
        digits.put("individual_digits", true);
        root.set("post_processor", postProcessor(f));
        root.set("decoder", decoder(f));
        root.set("model", bpe(f, model));
        return root;
    }

    private static ObjectNode normalizer(JsonNodeFactory f) {
        ObjectNode n = f.objectNode();
        n.put("type", "Sequence");
        ArrayNode list = n.putArray("normalizers");
        ObjectNode prepend = list.addObject();
        prepend.put("type", "Prepend");
        prepend.put("prepend", LlamaPieces.WORD_BOUNDARY);
        list.add(replace(f, " ", LlamaPieces.WORD_BOUNDARY));
        return n;
    }

    private static ObjectNode replace(JsonNodeFactory f, String pattern, String content) {
        ObjectNode r = f.objectNode();
        r.put("type", "Replace");
        r.putObject("pattern").put("String", pattern);
        r.put("content", content);
        return r;
    }

    private static ObjectNode postProcessor(JsonNodeFactory f) {
        ObjectNode p = f.objectNode();
        p.put("type", "TemplateProcessing");
        ArrayNode single = p.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", LlamaPieces.BOS).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = p.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", LlamaPieces.BOS).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", LlamaPieces.BOS).put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode bos = p.putObject("special_tokens").putObject(LlamaPieces.BOS);
        bos.put("id", LlamaPieces.BOS);
        bos.putArray("ids").add(LlamaPieces.BOS_ID);
        bos.putArray("tokens").add(LlamaPieces.BOS);
        return p;
    }

    private static ObjectNode decoder(JsonNodeFactory f) {
        ObjectNode d = f.objectNode();
        d.put("type", "Sequence");
        ArrayNode list = d.putArray("decoders");
        list.add(replace(f, LlamaPieces.WORD_BOUNDARY, " "));
        list.addObject().put("type", "ByteFallback");
        list.addObject().put("type", "Fuse");
        ObjectNode strip = list.addObject();
        strip.put("type", "Strip");
        strip.put("content", " ");
        strip.put("start", 1);
        strip.put("stop", 0);
        return d;
    }

    private static ObjectNode bpe(JsonNodeFactory f, BpeModel model) {
        ObjectNode m = f.objectNode();
        m.put("type", "BPE");
        m.putNull("dropout");
        m.put("unk_token", LlamaPieces.UNK);
        m.putNull("continuing_subword_prefix");
        m.putNull("end_of_word_suffix");
        m.put("fuse_unk", true);
        m.put("byte_fallback", true);
        m.put("ignore_merges", false);
        ObjectNode vocab = m.putObject("vocab");
        List<String> pieces = model.pieces();
        for (int id = 0; id < pieces.size(); id++) {
            vocab.put(pieces.get(id), id);
        }
        ArrayNode merges = m.putArray("merges");
        for (BpeModel.Merge merge : model.merges()) {
            merges.addArray().add(pieces.get(merge.left())).add(pieces.get(merge.right()));
        }
        return m;
    }
}

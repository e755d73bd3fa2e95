package org.rlhf4j.data.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes tiny {@code tokenizer.json} files whose ids are known by hand, for tests. */
public final class TinyTokenizers {

    /**
     * Words of the word-level tokenizer, id = position: 0 {@code <unk>}, 1 {@code <s>}, 2 {@code </s>}, 3 [INST],
     * 4 [/INST], 5 &lt;&lt;SYS&gt;&gt;, 6 &lt;&lt;/SYS&gt;&gt;, 7 Hi, 8 Hello!, 9 Bye, 10 Be, 11 brief., 12 a, 13 b,
     * 14 c, 15 d.
     */
    public static final List<String> WORDS = List.of("<unk>", "<s>", "</s>", "[INST]", "[/INST]", "<<SYS>>",
            "<</SYS>>", "Hi", "Hello!", "Bye", "Be", "brief.", "a", "b", "c", "d");

    private TinyTokenizers() {}

    /** A WordLevel tokenizer over {@link #WORDS} that splits on whitespace: every word is one token. */
    public static Path wordLevel(Path dir) throws IOException {
        Map<String, Object> vocab = new LinkedHashMap<>();
        for (int i = 0; i < WORDS.size(); i++) {
            vocab.put(WORDS.get(i), i);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", "1.0");
        json.put("truncation", null);
        json.put("padding", null);
        json.put("added_tokens", List.of(added(0, "<unk>"), added(1, "<s>"), added(2, "</s>")));
        json.put("normalizer", null);
        json.put("pre_tokenizer", Map.of("type", "WhitespaceSplit"));
        json.put("post_processor", null);
        json.put("decoder", null);
        json.put("model", Map.of("type", "WordLevel", "vocab", vocab, "unk_token", "<unk>"));
        return write(dir.resolve("word-level.json"), json);
    }

    /**
     * A character-level BPE with the Llama normalizer (prepend "▁", spaces to "▁") and a single merge "] ▁", so
     * that "[/INST] Ok" tokenizes with a piece "]▁" straddling the end of the prompt. Ids: 0 {@code <unk>},
     * 1 {@code <s>}, 2 {@code </s>}, then the characters of {@link #BPE_CHARS} from 3, then "]▁".
     */
    public static Path bpeWithBoundaryMerge(Path dir) throws IOException {
        Map<String, Object> vocab = new LinkedHashMap<>();
        vocab.put("<unk>", 0);
        vocab.put("<s>", 1);
        vocab.put("</s>", 2);
        for (int i = 0; i < BPE_CHARS.length(); i++) {
            vocab.put(String.valueOf(BPE_CHARS.charAt(i)), 3 + i);
        }
        vocab.put("]\u2581", 3 + BPE_CHARS.length());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "BPE");
        model.put("dropout", null);
        model.put("unk_token", "<unk>");
        model.put("continuing_subword_prefix", null);
        model.put("end_of_word_suffix", null);
        model.put("fuse_unk", true);
        model.put("byte_fallback", false);
        model.put("vocab", vocab);
        model.put("merges", List.of("] \u2581"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", "1.0");
        json.put("truncation", null);
        json.put("padding", null);
        json.put("added_tokens", List.of(added(0, "<unk>"), added(1, "<s>"), added(2, "</s>")));
        List<Object> normalizers = new ArrayList<>();
        normalizers.add(Map.of("type", "Prepend", "prepend", "\u2581"));
        normalizers.add(Map.of("type", "Replace", "pattern", Map.of("String", " "), "content", "\u2581"));
        json.put("normalizer", Map.of("type", "Sequence", "normalizers", normalizers));
        json.put("pre_tokenizer", null);
        json.put("post_processor", null);
        json.put("decoder", null);
        json.put("model", model);
        return write(dir.resolve("bpe-boundary.json"), json);
    }

    /** Characters of the BPE tokenizer, ids 3, 4, ... in this order. */
    public static final String BPE_CHARS = "\u2581[]/INSTHiOk";

    /** Id of a character of {@link #BPE_CHARS} in {@link #bpeWithBoundaryMerge}. */
    public static int bpeId(char c) {
        int i = BPE_CHARS.indexOf(c);
        if (i < 0) {
            throw new IllegalArgumentException("not in BPE_CHARS: " + c);
        }
        return 3 + i;
    }

    /** Id of the merged piece "]▁" in {@link #bpeWithBoundaryMerge}. */
    public static int bpeBracketSpaceId() {
        return 3 + BPE_CHARS.length();
    }

    private static Map<String, Object> added(int id, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("content", content);
        m.put("single_word", false);
        m.put("lstrip", false);
        m.put("rstrip", false);
        m.put("normalized", false);
        m.put("special", true);
        return m;
    }

    private static Path write(Path file, Map<String, Object> json) throws IOException {
        Files.createDirectories(file.getParent());
        new ObjectMapper().writeValue(file.toFile(), json);
        return file;
    }
}

package org.rlhf4j.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;

/**
 * A model directory whose greedy answer to every chat prompt is one fixed text, built by hand so that judge and demo
 * numbers can be checked on answers with known scores. Its tokenizer is word-level (split on whitespace; the chat
 * tags, BOS, EOS and the answer's words, everything else {@code <unk>}), so the answer is a chain of distinct tokens.
 * Every attention and feed-forward output projection is zero, so each position's hidden state is its own token's
 * embedding and the model is a bigram table: the embeddings are one-hot (the prompts' last tokens share e₀, the
 * i-th answer word has e_{i+1}) and the head maps e_i to the next token of "last prompt token → answer → EOS".
 */
final class ConstantAnswerModel {

    private ConstantAnswerModel() {}

    static void write(Path dir, String answer, List<PromptRecord> prompts) throws IOException {
        Files.createDirectories(dir);
        Path tokenizerFile = dir.resolve("tokenizer.json");
        writeTokenizer(tokenizerFile, answer);
        try (LlamaTokenizer tokenizer = LlamaTokenizer.open(tokenizerFile);
                NDManager manager = NDManager.newBaseManager()) {
            int[] chain = tokenizer.encode(answer);
            ChatFormat format = new ChatFormat(tokenizer);
            Set<Integer> starts = new HashSet<>();
            for (PromptRecord p : prompts) {
                int[] ids = format.encodePrompt(p.messages()).ids();
                starts.add(ids[ids.length - 1]);
            }
            Set<Integer> seen = new HashSet<>(starts);
            for (int id : chain) {
                if (!seen.add(id) || id == tokenizer.eosId()) {
                    throw new IllegalArgumentException("'" + answer + "' repeats a token; a bigram chain needs distinct"
                            + " tokens");
                }
            }
            LlamaConfig config = LlamaConfig.preset("tiny").withVocabSize(tokenizer.vocabSize());
            int d = config.hiddenSize();
            int v = config.vocabSize();
            if (chain.length + 1 > d) {
                throw new IllegalArgumentException("answer too long for " + d + " one-hot directions");
            }
            float[] embedding = new float[v * d];
            float[] head = new float[v * d];
            for (int s : starts) {
                embedding[s * d] = 1f;
            }
            for (int i = 0; i < chain.length; i++) {
                embedding[chain[i] * d + i + 1] = 1f;
                head[chain[i] * d + i] = 10f;                       // e_i → answer token i
            }
            head[tokenizer.eosId() * d + chain.length] = 10f;       // after the last answer token: EOS
            try (LlamaModel model = LlamaModel.initialized(manager, config, HeadKind.CAUSAL_LM, 1)) {
                for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                    String name = e.getKey();
                    if (name.endsWith("o_proj.weight") || name.endsWith("down_proj.weight")) {
                        e.getValue().getArray().muli(0);
                    } else if (name.equals("model.norm.weight")) {
                        e.getValue().getArray().set(ones(d));
                    }
                }
                model.namedParameters().get("model.embed_tokens.weight").getArray().set(embedding);
                model.namedParameters().get(HeadKind.CAUSAL_LM.tensorName()).getArray().set(head);
                model.save(dir);
            }
        }
    }

    /** Word-level tokenizer: 0 {@code <unk>}, 1 {@code <s>}, 2 {@code </s>}, the chat tags, then the answer's words. */
    private static void writeTokenizer(Path file, String answer) throws IOException {
        Map<String, Object> vocab = new java.util.LinkedHashMap<>();
        for (String w : List.of("<unk>", "<s>", "</s>", "[INST]", "[/INST]", "<<SYS>>", "<</SYS>>")) {
            vocab.put(w, vocab.size());
        }
        for (String w : answer.split(" ")) {
            vocab.putIfAbsent(w, vocab.size());
        }
        List<Map<String, Object>> added = new java.util.ArrayList<>();
        for (String special : List.of("<unk>", "<s>", "</s>")) {
            Map<String, Object> a = new java.util.LinkedHashMap<>();
            a.put("id", vocab.get(special));
            a.put("content", special);
            a.put("single_word", false);
            a.put("lstrip", false);
            a.put("rstrip", false);
            a.put("normalized", false);
            a.put("special", true);
            added.add(a);
        }
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("version", "1.0");
        json.put("truncation", null);
        json.put("padding", null);
        json.put("added_tokens", added);
        json.put("normalizer", null);
        json.put("pre_tokenizer", Map.of("type", "WhitespaceSplit"));
        json.put("post_processor", null);
        json.put("decoder", null);
        json.put("model", Map.of("type", "WordLevel", "vocab", vocab, "unk_token", "<unk>"));
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(file.toFile(), json);
    }

    private static float[] ones(int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, 1f);
        return out;
    }
}

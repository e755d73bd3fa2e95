package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * What a user mixes up, fed to every command family: each gets one line on stderr naming the input and what is
 * wrong, the documented exit code, no stack trace, and no output directory left behind.
 */
public class BadInputTest {

    private static final Path FIXTURES = Path.of("../../shared/fixtures/hf/tiny-gqa");
    private static final Path LANGUAGE_MODEL = FIXTURES.resolve("causal-lm");
    private static final Path REWARD_MODEL = FIXTURES.resolve("reward-model");

    private static final String DIALOG = "{\"id\":\"d1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
            + "{\"role\":\"assistant\",\"content\":\"Hello!\"}]}\n";
    private static final String PROMPT = "{\"id\":\"q1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
            + "\"is_safety\":false,\"category\":\"chat\"}\n";

    private Path dir;
    private Path tokenizer;
    private Path dialogs;
    private Path prompts;
    private Path notJson;
    private Path latin1;

    @BeforeClass
    public void writeInputs() throws IOException {
        dir = Files.createTempDirectory("bad-input");
        tokenizer = Files.writeString(dir.resolve("tokenizer.json"), "{\"version\":\"1.0\",\"added_tokens\":["
                + "{\"id\":1,\"content\":\"<s>\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,"
                + "\"normalized\":false,\"special\":true},{\"id\":2,\"content\":\"</s>\",\"single_word\":false,"
                + "\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}],\"normalizer\":null,"
                + "\"pre_tokenizer\":{\"type\":\"WhitespaceSplit\"},\"post_processor\":null,\"decoder\":null,"
                + "\"model\":{\"type\":\"WordLevel\",\"unk_token\":\"<unk>\",\"vocab\":{\"<unk>\":0,\"<s>\":1,"
                + "\"</s>\":2,\"Hi\":3,\"Hello!\":4}}}");
        dialogs = Files.writeString(dir.resolve("dialogs.jsonl"), DIALOG);
        prompts = Files.writeString(dir.resolve("test.jsonl"), PROMPT);
        notJson = Files.writeString(dir.resolve("bad.json"), "vocab: [1, 2]\n");
        latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
    }

    /**
     * Runs {@code rlhf args}; asserts the exit code, one line on stderr (a usage error adds "Try 'rlhf … --help'"),
     * no stack trace; returns the first line.
     */
    private static String fails(int exitCode, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(run.exitCode(), exitCode, run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace:\n" + run.err());
        assertEquals(run.err().lines().count(), exitCode == ExitCode.USAGE ? 2L : 1L, run.err());
        return run.err().lines().findFirst().orElseThrow();
    }

    @Test
    public void tokenize() {
        assertEquals(fails(ExitCode.BAD_INPUT, "tokenize", "--tokenizer", notJson.toString(), "--text", "Hi"),
                "rlhf tokenize: " + notJson + ":1: not valid JSON; expected a Hugging Face tokenizer.json: "
                        + "Unrecognized token 'vocab': was expecting (JSON String, Number, Array, Object or token "
                        + "'null', 'true' or 'false') (column 1)");
        assertEquals(fails(ExitCode.BAD_INPUT, "tokenize", "--tokenizer", dir.resolve("none").toString(), "--text",
                "Hi"), "rlhf tokenize: " + dir.resolve("none") + ": no such file; expected a Hugging Face "
                + "tokenizer.json (or a directory holding one)");
        assertEquals(fails(ExitCode.BAD_INPUT, "tokenize", "--tokenizer", tokenizer.toString(), "--chat",
                dir.toString()), "rlhf tokenize: " + dir + ": is a directory; expected a JSON array of {\"role\", "
                + "\"content\"} messages");
        assertEquals(fails(ExitCode.BAD_INPUT, "tokenizer", "train", "--corpus", latin1.toString(), "--vocab-size",
                "300", "--out", dir.resolve("tok/tokenizer.json").toString()),
                "rlhf tokenizer train: " + latin1 + ":1: not valid UTF-8 (a text corpus must be UTF-8)");
    }

    @Test
    public void sft() throws IOException {
        Path out = dir.resolve("sft-out");
        String lm = LANGUAGE_MODEL.toString();
        assertEquals(fails(ExitCode.BAD_INPUT, "sft", "--base", lm, "--tokenizer", tokenizer.toString(),
                "--data", prompts.toString(), "--out", out.toString()), "rlhf sft: " + prompts + ":1: expected a "
                + "dialogs file (messages ending with an assistant turn); this looks like a prompts file "
                + "(is_safety: unknown key)");
        assertEquals(fails(ExitCode.BAD_INPUT, "sft", "--base", "/no/such/dir", "--data", dialogs.toString(),
                "--out", out.toString()), "rlhf sft: /no/such/dir: no such directory; expected a model directory "
                + "(config.json + model.safetensors)");
        assertEquals(fails(ExitCode.BAD_INPUT, "sft", "--base", dialogs.toString(), "--tokenizer",
                tokenizer.toString(), "--data", dialogs.toString(), "--out", out.toString()), "rlhf sft: " + dialogs
                + ": is a file; expected a model directory (config.json + model.safetensors)");
        assertEquals(fails(ExitCode.BAD_INPUT, "sft", "--base", REWARD_MODEL.toString(), "--tokenizer",
                tokenizer.toString(), "--data", dialogs.toString(), "--out", out.toString()), "rlhf sft: "
                + REWARD_MODEL + ": holds a reward model (LlamaForSequenceClassification); expected a language model "
                + "(LlamaForCausalLM)");
        assertEquals(fails(ExitCode.BAD_INPUT, "sft", "--base", REWARD_MODEL.toString(), "--data",
                dialogs.toString(), "--out", out.toString()), "rlhf sft: " + REWARD_MODEL + ": holds a reward model "
                + "(LlamaForSequenceClassification); expected a language model (LlamaForCausalLM)");
        assertEquals(fails(ExitCode.BAD_INPUT, "sft", "--base", lm, "--tokenizer", tokenizer.toString(), "--data",
                dir.toString(), "--out", out.toString()), "rlhf sft: " + dir + ": is a directory; expected a dialogs "
                + "file (messages ending with an assistant turn)");
        assertEquals(fails(ExitCode.BAD_INPUT, "sft", "--base", lm, "--data", dialogs.toString(), "--out",
                out.toString()), "rlhf sft: " + lm + ": no tokenizer.json in this directory (if the tokenizer is elsewhere, name "
                + "its file)");
        assertEquals(fails(ExitCode.BAD_INPUT, "sft", "--base", lm, "--tokenizer", tokenizer.toString(), "--data",
                dialogs.toString(), "--out", dialogs.toString()), "rlhf sft: " + dialogs + ": is a file; expected an "
                + "output directory (created if missing)");
        assertEquals(fails(ExitCode.BAD_INPUT, "sft", "--base", lm, "--data", dialogs.toString(), "--out",
                out.toString(), "--max-steps", "0"), "rlhf sft: --max-steps: must be >= 1, got 0");
        assertEquals(fails(ExitCode.USAGE, "sft", "--base", lm, "--data", dialogs.toString()),
                "rlhf sft: Missing required option: '--out=<out>'");
        assertTrue(Files.notExists(out), "no output directory is left behind");
    }

    @Test
    public void pretrain() throws IOException {
        Path out = dir.resolve("pretrain-out");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n \n");
        assertEquals(fails(ExitCode.BAD_INPUT, "pretrain", "--corpus", empty.toString(), "--tokenizer",
                tokenizer.toString(), "--out", out.toString(), "--preset", "tiny"), "rlhf pretrain: " + empty
                + ": holds only blank lines; pretraining needs UTF-8 text, one example per line");
        assertEquals(fails(ExitCode.BAD_INPUT, "pretrain", "--corpus", latin1.toString(), "--tokenizer",
                tokenizer.toString(), "--out", out.toString()), "rlhf pretrain: " + latin1 + ":1: not valid UTF-8 "
                + "(a text corpus must be UTF-8)");
        assertEquals(fails(ExitCode.BAD_INPUT, "pretrain", "--corpus", dialogs.toString(), "--tokenizer",
                notJson.toString(), "--out", out.toString()).replaceAll(": Unrecognized.*", ""),
                "rlhf pretrain: " + notJson + ":1: not valid JSON; expected a Hugging Face tokenizer.json");
        assertEquals(fails(ExitCode.USAGE, "pretrain", "--corpus", dialogs.toString(), "--tokenizer",
                tokenizer.toString(), "--out", out.toString(), "--preset", "huge"),
                "rlhf pretrain: --preset: unknown preset 'huge'; known: " + String.join(", ",
                        org.rlhf4j.model.LlamaConfig.presetNames()));
        assertTrue(Files.notExists(out), "no output directory is left behind");
    }

    @Test
    public void judgeAndInfo() {
        assertEquals(fails(ExitCode.BAD_INPUT, "judge", "--model", LANGUAGE_MODEL.toString(), "--prompts",
                dialogs.toString()), "rlhf judge: " + dialogs + ":1: expected a prompts file (messages ending with a "
                + "user turn, is_safety, category); this looks like a dialogs file (is_safety: missing field)");
        assertEquals(fails(ExitCode.BAD_INPUT, "judge", "--model", REWARD_MODEL.toString(), "--prompts",
                prompts.toString()), "rlhf judge: " + REWARD_MODEL + ": holds a reward model "
                + "(LlamaForSequenceClassification); expected a language model (LlamaForCausalLM)");
        assertEquals(fails(ExitCode.BAD_INPUT, "judge", "--model", LANGUAGE_MODEL.toString(), "--prompts",
                prompts.toString(), "--limit", "0"), "rlhf judge: --limit: must be >= 1, got 0");
        assertEquals(fails(ExitCode.BAD_INPUT, "info", "--model-dir", tokenizer.toString()), "rlhf info: "
                + tokenizer + ": is a file; expected a model directory (config.json + model.safetensors)");
    }

    @Test
    public void data() throws IOException {
        Path splits = dir.resolve("splits");
        assertEquals(fails(ExitCode.BAD_INPUT, "data", "split", "--kind", "dialogs", "--in", prompts.toString(),
                "--out-dir", splits.toString()), "rlhf data split: " + prompts + ":1: expected a dialogs file "
                + "(messages ending with an assistant turn); this looks like a prompts file (is_safety: unknown key)");
        assertTrue(Files.notExists(splits), "no output directory is left behind");
        assertEquals(fails(ExitCode.BAD_INPUT, "data", "validate", "--kind", "prompts", dir.toString()),
                "rlhf data validate: " + dir + ": is a directory; expected a prompts file (messages ending with a "
                + "user turn, is_safety, category)");
        assertEquals(fails(ExitCode.USAGE, "data", "validate", "--kind", "chats", prompts.toString()),
                "rlhf data validate: --kind: unknown kind 'chats' (expected dialogs, prompts, preferences or tasks)");
    }
}

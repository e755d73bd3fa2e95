package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.rlhf4j.model.LlamaConfig;
import org.testng.annotations.Test;

public class BenchCommandTest {

    private static final String[] SMALL = {"--new-tokens", "4", "--train-steps", "1", "--seq-len", "8",
        "--train-batch", "1", "--sample-batch", "3", "--gemm-size", "64", "--demo-batches", "1,2",
        "--demo-new-tokens", "3", "--score-batch", "2", "--score-length", "8", "--rm-pairs", "2",
        "--rm-responses", "5", "--rm-tokens", "12"};

    private static String[] args(String... extra) {
        String[] all = new String[SMALL.length + extra.length];
        System.arraycopy(extra, 0, all, 0, extra.length);
        System.arraycopy(SMALL, 0, all, extra.length, SMALL.length);
        return all;
    }

    /** An executable shell script at {@code file} running {@code body}: a stand-in for a baseline's program. */
    private static void writeScript(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    public void printsTheTableAndWritesTheJson() throws Exception {
        Path json = Files.createTempDirectory("bench").resolve("bench.json");
        CliRun run = CliRun.of(args("bench", "--models", "15M", "--json", json.toString()));
        assertEquals(run.exitCode(), 0, run.err());
        assertTrue(run.out().startsWith("model"), run.out());
        assertTrue(run.out().contains("\n15M "), run.out());
        assertTrue(run.out().contains("gemm   DJL float32 matmul 64 x 64"), run.out());
        assertTrue(run.out().contains("demo   reward scoring responses/s"), run.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode row = root.get("15M");
        for (String key : new String[] {"train_tokens_per_s", "sample_tokens_per_s_batch1",
                "sample_tokens_per_s_batch3", "sample_gflops_batch3", "ratio_batch3_vs_batch1"}) {
            assertTrue(row.get(key).asDouble() > 0, key + " in " + row);
        }
        assertTrue(run.out().contains("B=3/B=1"), run.out());
        assertTrue(run.out().contains(String.format("%.2fx", row.get("ratio_batch3_vs_batch1").asDouble())),
                run.out());
        JsonNode rm = new ObjectMapper().readTree(json.toFile()).get("rm-demo");
        assertTrue(rm.get("train_pairs_per_s").asDouble() > 0, rm.toString());
        assertTrue(rm.get("score_responses_per_s").asDouble() > 0, rm.toString());
        assertTrue(run.out().contains("reward model (demo preset"), run.out());
        assertTrue(root.get("gemm_gflops").asDouble() > 0, root.toString());
        for (String key : new String[] {"sample_tokens_per_s_batch1", "sample_tokens_per_s_batch2",
                "reward_scoring_responses_per_s"}) {
            assertTrue(root.get("demo").get(key).asDouble() > 0, key + " in " + root);
        }
    }

    @Test
    public void runsTheLlama2cBinaryOnACheckpointOfTheSameShape() throws Exception {
        // A stand-in for run.c that records its arguments and the checkpoint's size and reports a fixed speed.
        Path dir = Files.createTempDirectory("bench-llama2c");
        Path record = dir.resolve("record.txt");
        Path binary = dir.resolve("run");
        writeScript(binary, "echo \"$@ size=$(wc -c < \"$1\") tok=$(wc -c < tokenizer.bin) omp=$OMP_NUM_THREADS\" > "
                + record + "\necho 'achieved tok/s: 250.000000' >&2\n");
        Path json = dir.resolve("bench.json");
        CliRun run = CliRun.of(args("bench", "--models", "15M", "--llama2c", binary.toString(), "--threads", "2",
                "--json", json.toString()));
        assertEquals(run.exitCode(), 0, run.err());
        JsonNode row = new ObjectMapper().readTree(json.toFile()).get("15M");
        assertEquals(row.get("llama2c_tokens_per_s_batch1").asDouble(), 250.0);
        assertEquals(row.get("ratio_batch1_vs_llama2c").asDouble(),
                row.get("sample_tokens_per_s_batch1").asDouble() / 250.0, 1e-9);
        assertTrue(run.out().contains("250.0"), run.out());
        // 15M: 7 header ints, then embedding, 6 layers, final gain, rotary tables (1024 × 24 each) and classifier.
        LlamaConfig c = BenchCommand.shape("15M");
        long d = 288;
        long floats = 2 * 32000 * d + 6 * (2 * d + 4 * d * d + 3 * d * 768) + d + 2 * 1024 * 24;
        assertEquals(c.hiddenSize(), 288);
        String recorded = Files.readString(record);
        assertTrue(recorded.contains("-t 1.0 -p 0 -s 42 -n 4"), recorded);
        assertTrue(recorded.contains("size=" + (28 + 4 * floats)), recorded + " expected " + (28 + 4 * floats));
        // tokenizer.bin: max length, then per piece a score, a length and the bytes "t0" .. "t31999".
        long pieces = 0;
        for (int i = 0; i < 32000; i++) {
            pieces += 8 + ("t" + i).length();
        }
        assertTrue(recorded.contains("tok=" + (4 + pieces)), recorded);
        assertTrue(recorded.contains("omp=2"), recorded);
    }

    @Test
    public void zeroDemoBatchesSkipsTheDemoSamplingRowsAndANegativeOneIsAUsageError() throws Exception {
        Path json = Files.createTempDirectory("bench-no-demo").resolve("bench.json");
        CliRun run = CliRun.of("bench", "--models", "15M", "--new-tokens", "2", "--train-steps", "0", "--rounds", "1",
                "--gemm-size", "0", "--rm-pairs", "0", "--score-batch", "0", "--demo-batches", "0", "--json",
                json.toString());
        assertEquals(run.exitCode(), 0, run.err());
        assertFalse(run.out().contains("demo   sample"), run.out());
        assertFalse(new ObjectMapper().readTree(json.toFile()).has("demo"), Files.readString(json));
        CliRun bad = CliRun.of("bench", "--demo-batches", "1,-2");
        assertEquals(bad.exitCode(), 2, bad.err());
        assertEquals(bad.err().strip(), "rlhf bench: --demo-batches must be batch sizes >= 1, or 0 alone to skip"
                + " them, got 1,-2");
        assertEquals(bad.out(), "");
    }

    @Test
    public void runsThePytorchScriptAtBothBatchesAndTakesTheRatiosWithinRounds() throws Exception {
        // A stand-in interpreter that records the script's arguments and reports 100 tok/s at batch 1, 700 at 3.
        Path dir = Files.createTempDirectory("bench-pytorch");
        Path record = dir.resolve("record.txt");
        Path python = dir.resolve("python");
        writeScript(python, "test -s \"$1\" || exit 9\n"
                + "echo \"$@ omp=$OMP_NUM_THREADS\" >> " + record + "\n"
                + "case \"$*\" in *'--batch 1 '*) echo 'tok/s: 100.0' ;; *) echo 'tok/s: 700.0' ;; esac\n");
        Path json = dir.resolve("bench.json");
        CliRun run = CliRun.of(args("bench", "--models", "15M", "--pytorch", python.toString(), "--threads", "2",
                "--rounds", "2", "--json", json.toString()));
        assertEquals(run.exitCode(), 0, run.err());
        JsonNode row = new ObjectMapper().readTree(json.toFile()).get("15M");
        assertEquals(row.get("pytorch_tokens_per_s_batch1").asDouble(), 100.0);
        assertEquals(row.get("pytorch_tokens_per_s_batch3").asDouble(), 700.0);
        assertEquals(row.get("pytorch_ratio_batch3_vs_batch1").asDouble(), 7.0, 1e-9);
        assertTrue(row.get("ratio_batch1_vs_pytorch").asDouble() > 0, row.toString());
        assertTrue(row.get("ratio_batch3_vs_pytorch").asDouble() > 0, row.toString());
        assertTrue(run.out().contains("15M    PyTorch eager: B=1 100.0 tok/s, B=3 700.0 tok/s (B=3/B=1 7.00x)"),
                run.out());
        List<String> calls = Files.readAllLines(record);
        assertEquals(calls.size(), 4, calls.toString()); // two rounds, batch 1 and batch 3 in each
        assertTrue(calls.get(0).contains("--dim 288 --layers 6 --heads 6 --kv-heads 6 --hidden 768 --vocab 32000"
                + " --batch 1 --steps 4 --threads 2 omp=2"), calls.get(0));
        assertTrue(calls.get(1).contains("--batch 3 --steps 4"), calls.get(1));
    }

    @Test
    public void aFailingPytorchInterpreterIsNamedWithItsOutput() throws Exception {
        Path dir = Files.createTempDirectory("bench-pytorch-missing");
        Path python = dir.resolve("python");
        writeScript(python, "echo \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
        CliRun run = CliRun.of(args("bench", "--models", "15M", "--pytorch", python.toString(), "--rounds", "1"));
        assertEquals(run.exitCode(), 1, run.err());
        assertTrue(run.err().contains(python + " pytorch_decode.py exited with 1")
                && run.err().contains("No module named 'torch'"), run.err());
    }

    @Test
    public void rejectsZeroRounds() {
        CliRun run = CliRun.of("bench", "--rounds", "0");
        assertEquals(run.exitCode(), 2, run.err());
        assertEquals(run.err().strip(), "rlhf bench: --rounds must be >= 1, got 0");
        assertEquals(run.out(), "");
    }

    @Test
    public void rejectsAnUnknownModel() {
        CliRun run = CliRun.of("bench", "--models", "15M,7B");
        assertEquals(run.exitCode(), 2, run.err());
        assertEquals(run.err().strip(), "rlhf bench: unknown bench model 7B (15M or 42M)");
        assertEquals(run.out(), "", "nothing measured or printed before the usage error");
    }
}

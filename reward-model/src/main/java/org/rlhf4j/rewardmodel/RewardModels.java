package org.rlhf4j.rewardmodel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;

/**
 * The two reward models of Llama 2-Chat (§3.2.2), helpfulness and safety, scoring the same responses and combined
 * by a {@link RewardFunction}. Both must share one tokenizer (checked when opened), and a policy whose responses
 * they score must use it too ({@link #requireTokenizer(Path)}); otherwise the token ids would mean different text.
 */
public final class RewardModels implements AutoCloseable {

    private final RewardModelScorer helpfulness;
    private final RewardModelScorer safety;

    /** Both scorers; this object owns and closes them. */
    public RewardModels(RewardModelScorer helpfulness, RewardModelScorer safety) {
        if (!helpfulness.tokenizerSha256().equals(safety.tokenizerSha256())) {
            throw new IllegalArgumentException("the helpfulness RM's tokenizer (" + helpfulness.tokenizer().file()
                    + ", sha256 " + helpfulness.tokenizerSha256() + ") differs from the safety RM's ("
                    + safety.tokenizer().file() + ", sha256 " + safety.tokenizerSha256()
                    + "); both reward models must share the policy's tokenizer");
        }
        this.helpfulness = helpfulness;
        this.safety = safety;
    }

    /** Opens the helpfulness and safety reward-model directories ({@link RewardModelScorer#open}). */
    public static RewardModels open(Path helpfulnessDir, Path safetyDir) throws IOException {
        RewardModelScorer h = RewardModelScorer.open(helpfulnessDir);
        try {
            RewardModelScorer s = RewardModelScorer.open(safetyDir);
            try {
                return new RewardModels(h, s);
            } catch (IllegalArgumentException e) {
                s.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /**
     * Checks that a policy's tokenizer is the reward models' one (same {@code tokenizer.json} bytes).
     *
     * @param policyTokenizerJson the policy's {@code tokenizer.json}, or its model directory
     * @throws IllegalArgumentException naming both files when they differ
     */
    public void requireTokenizer(Path policyTokenizerJson) throws IOException {
        Path file = Files.isDirectory(policyTokenizerJson)
                ? policyTokenizerJson.resolve("tokenizer.json") : policyTokenizerJson;
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": tokenizer.json not found");
        }
        String sha = Sha256.of(file);
        if (!sha.equals(helpfulness.tokenizerSha256())) {
            throw new IllegalArgumentException("the policy's tokenizer " + file + " (sha256 " + sha
                    + ") differs from the reward models' " + helpfulness.tokenizer().file() + " (sha256 "
                    + helpfulness.tokenizerSha256() + "): the reward models would read the policy's token ids as "
                    + "other text; train the reward models from this policy's SFT model");
        }
    }

    /** The rewards of {@code responses} to {@code prompts} under {@code f} (only the RMs {@code f} uses run). */
    public float[] rewards(List<PromptRecord> prompts, List<String> responses, RewardFunction f) {
        Scores s = scores(prompts, responses, f.usesHelpfulness(), f.usesSafety());
        return f.rewards(s.helpfulness(), s.safety(), isSafety(prompts));
    }

    /**
     * The rewards of responses given as token ids (a sampler's output) under {@code f}.
     *
     * @param prompts the prompt records (for IS_SAFETY), one per response
     * @param promptTokens their chat-format ids
     * @param responseTokens the response ids
     */
    public float[] rewardsOfTokens(List<PromptRecord> prompts, List<int[]> promptTokens, List<int[]> responseTokens,
                                   RewardFunction f) {
        Scores s = scoresOfTokens(promptTokens, responseTokens, f.usesHelpfulness(), f.usesSafety());
        return f.rewards(s.helpfulness(), s.safety(), isSafety(prompts));
    }

    /** Both reward models' raw scores of every response. */
    public Scores scores(List<PromptRecord> prompts, List<String> responses) {
        return scores(prompts, responses, true, true);
    }

    /** Both reward models' raw scores of responses given as token ids. */
    public Scores scoresOfTokens(List<int[]> promptTokens, List<int[]> responseTokens) {
        return scoresOfTokens(promptTokens, responseTokens, true, true);
    }

    private Scores scores(List<PromptRecord> prompts, List<String> responses, boolean h, boolean s) {
        List<List<Message>> dialogs = new ArrayList<>(prompts.size());
        for (PromptRecord p : prompts) {
            dialogs.add(p.messages());
        }
        return new Scores(h ? helpfulness.score(dialogs, responses) : null,
                s ? safety.score(dialogs, responses) : null);
    }

    private Scores scoresOfTokens(List<int[]> promptTokens, List<int[]> responseTokens, boolean h, boolean s) {
        return new Scores(h ? helpfulness.scoreTokens(promptTokens, responseTokens) : null,
                s ? safety.scoreTokens(promptTokens, responseTokens) : null);
    }

    private static boolean[] isSafety(List<PromptRecord> prompts) {
        boolean[] out = new boolean[prompts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = prompts.get(i).isSafety();
        }
        return out;
    }

    /** The helpfulness reward model. */
    public RewardModelScorer helpfulness() {
        return helpfulness;
    }

    /** The safety reward model. */
    public RewardModelScorer safety() {
        return safety;
    }

    /** The shared tokenizer's SHA-256. */
    public String tokenizerSha256() {
        return helpfulness.tokenizerSha256();
    }

    @Override
    public void close() {
        try {
            helpfulness.close();
        } finally {
            safety.close();
        }
    }

    /**
     * Raw scores (logits) of each response.
     *
     * @param helpfulness R_h per response, or null when not computed
     * @param safety R_s per response, or null when not computed
     */
    public record Scores(float[] helpfulness, float[] safety) {}
}

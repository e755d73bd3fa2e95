package org.rlhf4j.rejectionsampling;

import java.io.IOException;
import java.nio.file.Path;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.sft.SftResult;
import org.rlhf4j.sft.SftTrainer;

/**
 * Distillation of rejection sampling into a smaller model (Llama 2 §3.2.3: only the largest model did rejection
 * sampling; the smaller ones were fine-tuned on its selected samples): the student, starting from its own SFT
 * model, is fine-tuned on the teacher's selections (an SFT dialogs file) with the SFT trainer. The selections are
 * text, so the student tokenizes them with its own tokenizer.
 */
public final class Distillation {

    private Distillation() {}

    /**
     * Fine-tunes the student on the teacher's selections.
     *
     * @param selections the teacher's selections ({@code dialogs} format, e.g. {@value RejectionSampling#SELECTIONS})
     * @param studentSftDir the student's SFT model directory (with its {@code tokenizer.json})
     * @param outDir the distilled student's directory
     * @param config the fine-tuning run (a constant number of steps, as in rejection sampling)
     * @param resume continue a stopped run from its last checkpoint
     */
    public static SftResult distill(Path selections, Path studentSftDir, Path outDir, SftConfig config,
                                    boolean resume) throws IOException {
        return SftTrainer.train(studentSftDir, studentSftDir.resolve("tokenizer.json"), selections, outDir, config,
                resume);
    }
}

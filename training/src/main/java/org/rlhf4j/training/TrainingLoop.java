package org.rlhf4j.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.artifacts.OutputDirectory;
import org.rlhf4j.model.Ops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop every stage shares. One update reads like the paper's paragraph: learning rate from the
 * schedule → {@code accumulationSteps} micro-batches → forward and loss (the stage's {@link StepFunction}) → backward
 * of the weighted loss inside the thread's {@link GradientTape} → global-norm clipping → AdamW → log → checkpoint.
 *
 * <p>Memory: each update runs in its own sub-manager and {@link NDScope}, and every gradient handle is closed, so
 * native memory stays flat over a long run (DJL has no GC cleanup). Gradients accumulate across the micro-batches'
 * backward calls and are zeroed in place after the update. DJL's {@code Trainer} is not used: it has no parameter
 * groups, no global-norm clipping, and its first {@code step()} throws on an all-zero gradient.
 *
 * <p>Threads: run the loop, the step function and everything that touches the parameters on one thread — autograd's
 * grad mode is per thread (the loop opens the tape; a step function must not open another). Loops over different
 * models may run on different threads at once (the pipeline's parallel stages).
 *
 * <p>Outputs in the run directory: {@value MetricsCsv#FILE_NAME}, {@value LossCurvePlot#FILE_NAME},
 * {@code checkpoints/step-…/} and {@code manifest.json}.
 *
 * @param <B> the micro-batch type
 */
public final class TrainingLoop<B> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    private final Block block;
    private final NDManager manager;
    private final TrainingData<B> data;
    private final StepFunction<B> stepFunction;
    private final TrainingConfig config;
    private final Path outputDir;
    private final RunDescription description;
    private Map<String, String> inputHashes;

    /**
     * What the run's manifests say about it besides the training numbers.
     *
     * @param kind manifest kind of the run directory, e.g. {@code "sft-model"}
     * @param stage pipeline stage, e.g. {@code "sft"}
     * @param resolvedConfig the stage's full resolved config (written into every manifest)
     * @param inputs input files (hashed into the manifest)
     * @param extraColumns the stage's extra metric columns, in CSV order
     */
    public record RunDescription(String kind, String stage, Object resolvedConfig, List<Path> inputs,
                                 List<String> extraColumns) {
        public RunDescription {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(stage, "stage");
            inputs = List.copyOf(inputs);
            extraColumns = List.copyOf(extraColumns);
        }
    }

    /**
     * A loop over {@code block}'s trainable parameters (initialised, float32).
     *
     * @param block the model; parameters frozen with {@code freezeParameters} are not trained
     * @param manager the base manager: per-update sub-managers and the optimiser state hang off it
     * @param data the micro-batch source
     * @param stepFunction the stage's forward pass and loss
     * @param config the training numbers
     * @param outputDir the run directory
     * @param description manifest kind, stage, resolved config, inputs and extra metric columns
     */
    public TrainingLoop(Block block, NDManager manager, TrainingData<B> data, StepFunction<B> stepFunction,
                        TrainingConfig config, Path outputDir, RunDescription description) {
        this.block = Objects.requireNonNull(block, "block");
        this.manager = Objects.requireNonNull(manager, "manager");
        this.data = Objects.requireNonNull(data, "data");
        this.stepFunction = Objects.requireNonNull(stepFunction, "stepFunction");
        this.config = Objects.requireNonNull(config, "config");
        this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
        this.description = Objects.requireNonNull(description, "description");
        OutputDirectory.requireWritable(outputDir);
    }

    /** The run's checkpoints directory. */
    public Path checkpointsDir() {
        return outputDir.resolve("checkpoints");
    }

    /** Trains from step 0; refuses a run directory that already holds checkpoints (use {@link #resume()}). */
    public TrainingResult run() throws IOException {
        if (RunCheckpoint.latest(checkpointsDir()).isPresent()) {
            throw new InputException(checkpointsDir(), "already holds the checkpoints of an earlier run; resume it"
                    + " (--resume) or write to a new output directory");
        }
        return train(Optional.empty());
    }

    /** Continues from the newest checkpoint (or starts from step 0 when there is none) up to max_steps. */
    public TrainingResult resume() throws IOException {
        return train(RunCheckpoint.latest(checkpointsDir()));
    }

    private TrainingResult train(Optional<Path> from) throws IOException {
        Map<String, NDArray> parameters = trainableParameters();
        LearningRateSchedule schedule = config.learningRateSchedule();
        MetricsCsv csv = new MetricsCsv(outputDir.resolve(MetricsCsv.FILE_NAME), description.extraColumns());
        try (AdamW optimizer = new AdamW(config.adamw(), manager)) {
            int start = 0;
            double elapsedBefore = 0;
            long tokensSeen = 0;
            TrainingRandom random = new TrainingRandom(config.seed());
            if (from.isPresent()) {
                RunCheckpointState state = RunCheckpoint.readState(from.get());
                RunCheckpoint.loadWeights(from.get(), parameters);
                RunCheckpoint.loadOptimizer(from.get(), optimizer, state, manager);
                data.seek(state.dataPosition());
                random = TrainingRandom.restore(state.randomState());
                start = state.step();
                elapsedBefore = state.elapsedSeconds();
                tokensSeen = state.tokensSeen();
                csv.loadUpTo(start);
                LOG.info("resuming {} from {} (step {})", description.stage(), from.get(), start);
            }
            zeroGradients(parameters);
            long started = System.nanoTime();
            double loss = Double.NaN;
            double gradNorm = Double.NaN;
            double lr = Double.NaN;
            Path lastCheckpoint = from.orElse(null);
            try (TrainingProgress progress = TrainingProgress.open(config.progressBar(), description.stage(),
                    config.maxSteps(), start)) {
                for (int step = start; step < config.maxSteps(); step++) {
                    lr = schedule.at(step);
                    long stepStart = System.nanoTime();
                    UpdateStats stats = update(step, lr, parameters, optimizer, random);
                    loss = stats.loss();
                    gradNorm = stats.gradNorm();
                    tokensSeen += stats.tokens();
                    double stepSeconds = (System.nanoTime() - stepStart) / 1e9;
                    double elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
                    int done = step + 1;
                    csv.add(done, loss, lr, gradNorm, stats.tokens() / stepSeconds, elapsed, stats.extras());
                    progress.step(String.format("loss %.4f", loss));
                    if (done % config.logEvery() == 0 || done == config.maxSteps()) {
                        LOG.info("{} step {}/{} loss {} lr {} grad_norm {} tokens/s {}", description.stage(), done,
                                config.maxSteps(), fmt(loss), fmt(lr), fmt(gradNorm),
                                fmt(stats.tokens() / stepSeconds));
                        csv.flush();
                    }
                    boolean last = done == config.maxSteps();
                    if (last || (config.saveEvery() > 0 && done % config.saveEvery() == 0)) {
                        RunCheckpointState state = new RunCheckpointState(done, optimizer.stepCount(), data.position(),
                                random.state(), lr, elapsed, tokensSeen);
                        Manifest checkpointManifest = manifest(RunCheckpoint.KIND, Map.of("step", done, "loss", loss));
                        lastCheckpoint = RunCheckpoint.save(checkpointsDir(), parameters, optimizer, state,
                                checkpointManifest, config.keepCheckpoints());
                        csv.flush();
                    }
                }
            }
            double elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
            csv.flush();
            if (csv.size() > 0) {
                double[][] curve = csv.lossCurve();
                loss = Double.isNaN(loss) ? curve[1][curve[1].length - 1] : loss; // resuming a finished run
                LossCurvePlot.write(outputDir.resolve(LossCurvePlot.FILE_NAME), description.stage() + " loss",
                        curve[0], curve[1]);
            }
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("steps", config.maxSteps());
            metrics.put("final_loss", loss);
            metrics.put("final_grad_norm", gradNorm);
            metrics.put("tokens_seen", tokensSeen);
            manifest(description.kind(), metrics).writeTo(outputDir);
            return new TrainingResult(outputDir, config.maxSteps(), loss, gradNorm, lastCheckpoint, elapsed);
        }
    }

    private record UpdateStats(double loss, double gradNorm, long tokens, double[] extras) {}

    /** One optimiser update: k micro-batches, backward, clip, AdamW, zero the gradients. */
    private UpdateStats update(int step, double lr, Map<String, NDArray> parameters, AdamW optimizer,
                               TrainingRandom random) {
        List<String> extraColumns = description.extraColumns();
        try (NDManager stepManager = manager.newSubManager(); NDScope scope = new NDScope()) {
            List<B> microBatches = new ArrayList<>(config.accumulationSteps());
            double totalWeight = 0;
            long tokens = 0;
            for (int i = 0; i < config.accumulationSteps(); i++) {
                B b = data.next();
                double w = stepFunction.weight(b);
                if (!(w > 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("step " + step + ": micro-batch weight must be finite and > 0,"
                            + " got " + w);
                }
                microBatches.add(b);
                totalWeight += w;
                tokens += stepFunction.tokens(b);
            }
            StepContext context = new StepContext(step, lr, stepManager, random);
            double loss = 0;
            double[] extras = new double[extraColumns.size()];
            try (GradientCollector collector = new GradientTape()) {
                for (B b : microBatches) {
                    double share = stepFunction.weight(b) / totalWeight;
                    MicroBatchLoss out = stepFunction.loss(b, context);
                    if (out.loss().size() != 1) {
                        throw new IllegalArgumentException("step " + step + ": the loss must be a scalar, got shape "
                                + out.loss().getShape());
                    }
                    if (!extraColumns.containsAll(out.metrics().keySet())) {
                        throw new IllegalArgumentException("step " + step + ": metrics " + out.metrics().keySet()
                                + " are not all among the declared extra columns " + extraColumns);
                    }
                    collector.backward(Ops.scale(out.loss(), share));
                    loss += share * out.loss().getFloat();
                    for (int c = 0; c < extras.length; c++) {
                        Double v = out.metrics().get(extraColumns.get(c));
                        extras[c] += share * (v == null ? Double.NaN : v);
                    }
                }
            }
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            parameters.forEach((name, array) -> gradients.put(name, array.getGradient()));
            double gradNorm = GlobalNormClipping.clip(new ArrayList<>(gradients.values()), config.clipNorm());
            if (!Double.isFinite(gradNorm) || !Double.isFinite(loss)) {
                throw new InputException(null, 0, null, "training diverged at step " + step + ": non-finite loss "
                        + loss + " or gradient norm " + gradNorm + "; stopped before the update (lower the learning"
                        + " rate, or check the data and the model's weights)", null);
            }
            optimizer.step(parameters, gradients, lr);
            gradients.values().forEach(g -> g.subi(g));
            gradients.values().forEach(NDArray::close);
            return new UpdateStats(loss, gradNorm, tokens, extras);
        }
    }

    private Map<String, NDArray> trainableParameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray array = p.getValue().getArray();
                if (!array.hasGradient()) {
                    array.setRequiresGradient(true);
                }
                out.put(p.getKey(), array);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the block has no trainable parameters");
        }
        return out;
    }

    private static void zeroGradients(Map<String, NDArray> parameters) {
        try (NDScope scope = new NDScope()) {
            parameters.values().forEach(a -> {
                NDArray g = a.getGradient();
                g.subi(g);
                g.close();
            });
        }
    }

    private Manifest manifest(String kind, Map<String, Object> metrics) throws IOException {
        if (inputHashes == null) { // hashed once per run: inputs can be large
            inputHashes = Manifest.hashInputs(description.inputs());
        }
        return new Manifest(kind, 1, description.stage(),
                Map.of("training", config, "stage", description.resolvedConfig() == null ? Map.of()
                        : description.resolvedConfig()),
                inputHashes, null, RunVersions.all(),
                Engine.getInstance().defaultDevice().toString(), config.seed(), metrics);
    }

    private static String fmt(double v) {
        return String.format("%.6g", v);
    }
}

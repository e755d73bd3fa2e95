package org.rlhf4j.training;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar with ETA over a run's updates (me.tongfei progressbar). Shown only when asked for, when
 * the JVM has a console and when the {@code CI} environment variable is not {@code true}; otherwise every call does
 * nothing, so logs stay clean.
 */
public final class TrainingProgress implements AutoCloseable {

    private final ProgressBar bar;

    private TrainingProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /** Whether a bar would be shown for the {@code requested} flag in this process. */
    public static boolean enabled(boolean requested) {
        return enabled(requested, System.console() != null, System.getenv("CI"));
    }

    /**
     * The rule of the class comment: shown when requested, with a console, and unless {@code CI} is {@code true}
     * (any case).
     *
     * @param ciVariable the value of the {@code CI} environment variable, null when unset
     */
    static boolean enabled(boolean requested, boolean hasConsole, String ciVariable) {
        return requested && hasConsole && !"true".equalsIgnoreCase(ciVariable);
    }

    /** A bar over {@code totalSteps} updates starting at {@code startStep} (resume), or a silent one. */
    public static TrainingProgress open(boolean requested, String task, int totalSteps, int startStep) {
        if (!enabled(requested)) {
            return new TrainingProgress(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).startsFrom(startStep, java.time.Duration.ZERO)
                .setUpdateIntervalMillis(500).build();
        return new TrainingProgress(bar);
    }

    /** Whether this bar draws anything. */
    public boolean visible() {
        return bar != null;
    }

    /** Marks one update done and shows {@code message} (e.g. the loss) after the bar. */
    public void step(String message) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(message);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.model.parity.ParityCheck;
import org.rlhf4j.model.parity.ParityReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf check-parity}: compares our Llama with transformers' reference outputs; non-zero exit past tolerance. */
@Command(name = "check-parity", mixinStandardHelpOptions = true,
        description = "Compare logits, token log-probs, reward scores and greedy decoding with transformers' "
                + "reference.json (reads causal-lm/, reward-model/ and reference.json).")
public final class CheckParityCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model-dir", required = true, description = "Reference folder, e.g. ../shared/fixtures/hf/tiny-gqa")
    Path modelDir;

    @Option(names = "--tolerance", defaultValue = "1e-4", description = "Max absolute error allowed (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Override
    public Integer call() throws Exception {
        ParityReport report = ParityCheck.run(modelDir);
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.println(report.describe());
        boolean ok = report.passes(tolerance);
        out.println(ok ? "PASS (tolerance " + tolerance + ")" : "FAIL (tolerance " + tolerance + ")");
        return ok ? 0 : 1;
    }
}

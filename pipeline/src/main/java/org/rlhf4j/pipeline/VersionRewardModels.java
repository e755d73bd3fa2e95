package org.rlhf4j.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rlhf4j.rewardmodel.RewardModelKind;

/**
 * One RLHF version's two reward models (paper §3.2.2): per {@link RewardModelKind}, the directory the model is
 * written to and the stage that writes it, so the stages that read a model can name it as their upstream.
 *
 * @param dirs each kind's model directory
 * @param stages each kind's stage name
 */
record VersionRewardModels(Map<RewardModelKind, Path> dirs, Map<RewardModelKind, String> stages) {

    VersionRewardModels {
        for (RewardModelKind kind : RewardModelKind.values()) {
            Objects.requireNonNull(dirs.get(kind), () -> "no " + kind.json() + " reward model directory");
            Objects.requireNonNull(stages.get(kind), () -> "no " + kind.json() + " reward model stage");
        }
        dirs = Map.copyOf(dirs);
        stages = Map.copyOf(stages);
    }

    Path helpfulness() {
        return dirs.get(RewardModelKind.HELPFULNESS);
    }

    Path safety() {
        return dirs.get(RewardModelKind.SAFETY);
    }

    String stage(RewardModelKind kind) {
        return stages.get(kind);
    }

    /** Both stages, Helpfulness RM's first. */
    List<String> stageNames() {
        return List.of(stages.get(RewardModelKind.HELPFULNESS), stages.get(RewardModelKind.SAFETY));
    }
}

package org.rlhf4j.ghostattention;

import java.util.List;
import org.rlhf4j.data.format.Dialog;

/**
 * The result of a GAtt synthesis.
 *
 * @param dialogs the dialogs in training form (instruction as the system message of the first turn only, see
 *     {@link GattSynthesizer})
 * @param stats what was sampled and rejected
 */
public record GattSynthesis(List<Dialog> dialogs, GattSynthesisStats stats) {}

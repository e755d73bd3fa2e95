/**
 * Ghost Attention (Llama 2 §3.3, METHOD.md §7): {@link org.rlhf4j.ghostattention.GattSynthesizer} samples multi-turn
 * dialogs with an instruction on every user message, {@link org.rlhf4j.ghostattention.GhostAttentionMask} keeps the
 * instruction in the first turn only and trains the last answer only, {@link org.rlhf4j.ghostattention.GattTrainer}
 * runs the SFT trainer on them. The stage reads and writes the public formats only; a
 * {@link org.rlhf4j.ghostattention.GattTurnFilter} plugs in whatever checks the sampled turns.
 */
package org.rlhf4j.ghostattention;

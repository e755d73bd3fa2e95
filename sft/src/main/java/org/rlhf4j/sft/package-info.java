/**
 * Supervised fine-tuning (Llama 2 §3.1, METHOD.md §3) and, with the same trainer, the CPU demo's pretraining.
 *
 * <p>Flow ({@link org.rlhf4j.sft.SftTrainer#train}): dialogs (JSON Lines) → Llama 2 chat format
 * ({@code <s>[INST] user [/INST] answer </s>}) → packing into fixed-length rows with a loss mask on the answer tokens
 * and their EOS ({@code org.rlhf4j.data.packing}) → {@link org.rlhf4j.training.TrainingLoop} with
 * {@link org.rlhf4j.sft.SftStep} and {@link org.rlhf4j.sft.MaskedCrossEntropy} → the model in the Hugging Face
 * layout plus the tokenizer, metrics, loss curve and manifest. {@link org.rlhf4j.sft.Pretraining} marks every token
 * of each corpus line as a target and starts from a freshly initialised preset.
 *
 * <p>Settings: {@link org.rlhf4j.sft.SftConfig#llama2()} (the paper's), {@link org.rlhf4j.sft.SftConfig#demo()} and
 * {@link org.rlhf4j.sft.SftConfig#demoPretraining()} (the CPU demo's; their Javadoc gives the measured times).
 */
package org.rlhf4j.sft;

package org.rlhf4j.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.eval.ChatSampler;
import org.rlhf4j.model.sampling.KvCacheSession;
import org.rlhf4j.model.sampling.SamplingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf chat --model DIR}: a multi-turn conversation with a model in the Llama 2 chat format, one user line
 * per turn from standard input (so a script can pipe a conversation in). Each turn is appended to the KV cache after
 * the previous answer ({@code </s><s>[INST] user [/INST]}, the system prompt folded into the first turn), so the
 * history is never encoded again; answers are printed token by token as they are sampled, followed by the number of
 * tokens and tokens/s. Input that does not come from a terminal is echoed after the prompt, so a scripted session
 * reads like a typed one. {@code /reset} starts a new conversation, {@code /quit} (or the end of input) ends. When a
 * turn does not fit in the model's context, or an answer fills it, the command says so and waits for {@code /reset}.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Chat with a model in the Llama 2 chat format (one user line per turn from standard input; "
                + "/reset starts over, /quit ends).")
public final class ChatCommand implements Callable<Integer> {

    static final String PROMPT = "> ";

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "<dir>",
            description = "Model directory: config.json, model.safetensors and tokenizer.json.")
    Path model;

    @Option(names = "--system", paramLabel = "<text>", description = "System prompt for the first turn.")
    String system;

    @Option(names = "--temperature", defaultValue = "0.7",
            description = "Sampling temperature; 0 = greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-p", defaultValue = "0.9", description = "Nucleus threshold; 1 = off (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--max-new-tokens", defaultValue = "512",
            description = "Most tokens per answer (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SamplingConfig sampling = new SamplingConfig(temperature, topP, 0, maxNewTokens, 2, true, 0);
        try (ChatSampler opened = ChatSampler.open(model);
                KvCacheSession session = new KvCacheSession(opened.model(), sampling, seed)) {
            LlamaTokenizer tokenizer = opened.tokenizer();
            ChatFormat format = new ChatFormat(tokenizer);
            int context = opened.model().config().maxPositions();
            out.printf("chat with %s (context %d tokens). /reset starts a new conversation, /quit ends.%n", model,
                    context);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            boolean echo = System.console() == null;
            boolean firstTurn = true;
            while (true) {
                out.print(PROMPT);
                out.flush();
                String line = in.readLine();
                if (echo && line != null) {
                    out.println(line); // a scripted conversation reads like a typed one
                }
                if (line == null || line.strip().equals("/quit")) {
                    out.println();
                    break;
                }
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                if (text.equals("/reset")) {
                    session.reset();
                    firstTurn = true;
                    out.println("(new conversation)");
                    continue;
                }
                List<Message> messages = new ArrayList<>();
                if (firstTurn && system != null) {
                    messages.add(Message.system(system));
                }
                messages.add(Message.user(text));
                int[] turn;
                try {
                    turn = format.encodePrompt(messages).ids(); // <s>[INST] (system) user [/INST]
                } catch (IllegalArgumentException e) {
                    out.println("(not sent: " + e.getMessage() + ")");
                    continue;
                }
                // After an answer, its </s> closes the exchange before the next <s>[INST].
                int[] feed = firstTurn ? turn : prepend(tokenizer.eosId(), turn);
                if (feed.length + 1 > session.remaining()) {
                    out.printf("(context full: this turn needs %d tokens, %d of %d are left; /reset starts a new "
                            + "conversation)%n", feed.length + 1, session.remaining(), context);
                    continue;
                }
                session.feed(feed);
                firstTurn = false;
                answer(session, tokenizer, out);
            }
        }
        return 0;
    }

    /** Samples and prints one answer until EOS, the token limit or the end of the context. */
    private void answer(KvCacheSession session, LlamaTokenizer tokenizer, PrintWriter out) {
        List<Integer> tokens = new ArrayList<>();
        String printed = "";
        long start = System.nanoTime();
        boolean contextFull = false;
        while (tokens.size() < maxNewTokens) {
            int token = session.sample();
            if (token == tokenizer.eosId()) {
                break;
            }
            tokens.add(token);
            String text = tokenizer.decode(tokens.stream().mapToInt(Integer::intValue).toArray()).strip();
            // Print what is new; a byte piece that does not complete a character yet waits for the next token.
            if (text.startsWith(printed) && !text.endsWith("\uFFFD")) {
                out.print(text.substring(printed.length()));
                out.flush();
                printed = text;
            }
            if (session.remaining() == 0) {
                contextFull = true;
                break;
            }
            session.feed(token);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println();
        if (contextFull) {
            out.println("(context full: the answer stopped at the model's context length; /reset starts a new "
                    + "conversation)");
        }
        out.printf("[%d tokens, %.1f tok/s]%n", tokens.size(), tokens.size() / seconds);
        out.flush();
    }

    private static int[] prepend(int first, int[] rest) {
        int[] all = new int[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}

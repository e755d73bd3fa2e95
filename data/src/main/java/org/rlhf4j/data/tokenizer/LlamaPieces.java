package org.rlhf4j.data.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fixed head of a Llama 2 vocabulary and its word-boundary mark (Llama 2 §2.1; METHOD.md §1).
 *
 * <pre>
 *   id 0        &lt;unk&gt;
 *   id 1        &lt;s&gt;     (BOS)
 *   id 2        &lt;/s&gt;    (EOS)
 *   id 3..258   &lt;0x00&gt; … &lt;0xFF&gt;  byte-fallback pieces: byte b has id 3 + b
 *   id 259..    learned pieces (characters, then merges)
 * </pre>
 *
 * There is no pad piece: callers pick a pad id and mask it.
 */
public final class LlamaPieces {

    /** Id of {@code <unk>}; with byte fallback it is never produced by encoding. */
    public static final int UNK_ID = 0;
    /** Id of {@code <s>}, the beginning-of-sequence piece. */
    public static final int BOS_ID = 1;
    /** Id of {@code </s>}, the end-of-sequence piece. */
    public static final int EOS_ID = 2;
    /** Id of {@code <0x00>}; byte {@code b} has id {@code FIRST_BYTE_ID + b}. */
    public static final int FIRST_BYTE_ID = 3;
    /** Id of the first learned piece (3 specials + 256 bytes). */
    public static final int FIRST_LEARNED_ID = FIRST_BYTE_ID + 256;

    public static final String UNK = "<unk>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    /** SentencePiece's word-boundary mark "▁" (U+2581), which stands for a space inside pieces. */
    public static final String WORD_BOUNDARY = "\u2581";
    /** {@link #WORD_BOUNDARY} as a code point. */
    public static final int WORD_BOUNDARY_CP = 0x2581;

    private LlamaPieces() {}

    /** The byte-fallback piece of byte {@code b} (0..255), e.g. {@code <0x41>} for 'A'. */
    public static String bytePiece(int b) {
        if (b < 0 || b > 255) {
            throw new IllegalArgumentException("byte out of range 0..255: " + b);
        }
        return String.format(Locale.ROOT, "<0x%02X>", b);
    }

    /** The 259 reserved pieces in id order: {@code <unk>, <s>, </s>, <0x00> … <0xFF>}. */
    public static List<String> reservedPieces() {
        List<String> pieces = new ArrayList<>(FIRST_LEARNED_ID);
        pieces.add(UNK);
        pieces.add(BOS);
        pieces.add(EOS);
        for (int b = 0; b < 256; b++) {
            pieces.add(bytePiece(b));
        }
        return pieces;
    }

    /**
     * Whether a code point is a digit in the sense of the tokenizer's {@code Digits} pre-tokenizer (Rust's
     * {@code char::is_numeric}: Unicode categories Nd, Nl, No). Such characters are always pieces of their own.
     */
    public static boolean isDigit(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }
}

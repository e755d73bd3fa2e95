package org.rlhf4j.data.tokenizer;

/**
 * Token ids of one text and, per token, the index of the first character of that text it covers ({@code -1} when
 * the tokenizer reports no span). Both arrays have the same length.
 */
public record EncodedText(int[] ids, int[] charStarts) {

    /** Checks both arrays are present and of equal length. */
    public EncodedText {
        if (ids.length != charStarts.length) {
            throw new IllegalArgumentException(
                    "ids (" + ids.length + ") and charStarts (" + charStarts.length + ") differ in length");
        }
    }
}

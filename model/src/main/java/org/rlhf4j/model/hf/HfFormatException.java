package org.rlhf4j.model.hf;

import java.io.IOException;

/** A checkpoint file or directory whose content is malformed or does not fit the model; the message names the file. */
public class HfFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** An error with a message that names the file and the offending field or tensor. */
    public HfFormatException(String message) {
        super(message);
    }

    /** An error with a message that names the file, and its cause. */
    public HfFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

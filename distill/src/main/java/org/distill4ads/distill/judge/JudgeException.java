package org.distill4ads.distill.judge;

import java.io.IOException;

/**
 * A judge could not label a pair: the server refused the request, kept failing or kept answering
 * something that is neither "relevant" nor "irrelevant", or a label file does not cover the pair.
 * The message names the pair and what went wrong.
 */
public class JudgeException extends IOException {
    public JudgeException(String message) {
        super(message);
    }

    public JudgeException(String message, Throwable cause) {
        super(message, cause);
    }
}

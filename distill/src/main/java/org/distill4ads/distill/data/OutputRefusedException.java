package org.distill4ads.distill.data;

/**
 * A command refused to write where it was asked to: over one of its own inputs, or into a folder
 * that holds files it did not write. The command line reports it as bad usage (exit code 2).
 */
public final class OutputRefusedException extends IllegalArgumentException {
    public OutputRefusedException(String message) {
        super(message);
    }
}

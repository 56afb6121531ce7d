package org.distill4ads.distill.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.distill4ads.distill.data.DataFormatException;

/**
 * Turns what a command threw into the one line the user reads after {@code distill4ads: }: the
 * message of the expected failures (bad values, missing or malformed files, I/O errors), and the
 * exception's class with its message for the unexpected ones.
 */
final class Failures {
    private Failures() {
    }

    static String describe(Throwable t) {
        Throwable e = t instanceof UncheckedIOException && t.getCause() != null ? t.getCause() : t;
        String text;
        if (e instanceof NoSuchFileException f) {
            text = "no such file: " + f.getFile() + (f.getReason() == null ? "" : " (" + f.getReason() + ")");
        } else if (e instanceof NotDirectoryException f) {
            text = "not a folder: " + f.getFile();
        } else if (e instanceof AccessDeniedException f) {
            text = "permission denied: " + f.getFile() + (f.getReason() == null ? "" : " (" + f.getReason() + ")");
        } else if (e instanceof FileAlreadyExistsException f) {
            text = "already exists: " + f.getFile();
        } else if (e instanceof FileSystemException || e instanceof DataFormatException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } else if (e instanceof IOException) {
            text = e.getMessage() == null ? "I/O error (" + e.getClass().getSimpleName() + ")" : e.getMessage();
        } else {
            text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + " (--verbose shows where)";
        }
        return oneLine(text);
    }

    /** The text on one line: line breaks become spaces. */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}

package org.distill4ads.distill.data;

import java.nio.file.Path;
import java.util.Locale;

/** The two file formats, told apart by the file name's extension. */
enum Format {
    TSV(".tsv"), JSONL(".jsonl");

    final String extension;

    Format(String extension) {
        this.extension = extension;
    }

    static Format of(Path file) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        for (Format f : values()) {
            if (lower.endsWith(f.extension)) {
                return f;
            }
        }
        throw new IllegalArgumentException("cannot tell the format of " + file
                + ": the file name must end in .tsv (tab-separated with a header line) or .jsonl (one JSON object per line)");
    }
}

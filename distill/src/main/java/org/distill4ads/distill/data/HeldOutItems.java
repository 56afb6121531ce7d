package org.distill4ads.distill.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** The {@code held-out-items.txt} file of a run's data folder: one item id a line, each a listed item. */
public final class HeldOutItems {
    private HeldOutItems() {
    }

    /**
     * The ids of {@code file}; an id that {@code knownIds} lacks is a {@link DataFormatException}
     * naming the file, the line and the id, and a folder in the file's place is an error too.
     */
    public static Set<String> read(Path file, Set<String> knownIds) throws IOException {
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file, 0, null, "is a folder", "a file of held-out item ids, one a line");
        }
        Set<String> ids = new LinkedHashSet<>();
        try (BufferedReader in = new BufferedReader(new LineLimitedReader(
                Files.newBufferedReader(file, StandardCharsets.UTF_8), file, Limits.MAX_FIELD_CHARS))) {
            String text;
            long line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                String id = text.strip();
                if (id.isEmpty()) {
                    continue;
                }
                if (!knownIds.contains(id)) {
                    throw new DataFormatException(file, line, null, "names item " + Row.shown(id)
                            + ", which the items file does not list", "ids of listed items");
                }
                ids.add(id);
            }
        }
        return ids;
    }
}

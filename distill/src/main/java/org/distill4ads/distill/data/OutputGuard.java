package org.distill4ads.distill.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The one check every writing command makes before it starts work, so that no command destroys
 * what it reads or what the user keeps beside it. Paths are compared after resolving symbolic
 * links and {@code ..}, so a path trick does not get around it.
 *
 * <ul>
 *   <li>An output is never one of the inputs, never a folder that holds an input, and never an
 *       existing file or folder inside an input folder. {@code --overwrite} does not lift this.</li>
 *   <li>An output folder that exists and holds anything but what the command itself writes there
 *       ({@code ownNames}, and the {@code .NAME...} temporary files a crash may leave of them) is
 *       refused unless {@code overwrite} is given.</li>
 *   <li>An output file must not be a folder, nor an output folder a file.</li>
 * </ul>
 *
 * Each refusal is an {@link OutputRefusedException} naming the output and the input or the
 * foreign entries. See docs/guarantees.md.
 */
public final class OutputGuard {
    private static final int LISTED = 3;

    private OutputGuard() {
    }

    /** Checks {@code out}, a file about to be written (replacing an existing non-input file is allowed). */
    public static void file(Path out, Collection<Path> inputs) throws IOException {
        Path o = canonical(out);
        if (Files.isDirectory(o)) {
            throw new OutputRefusedException("refusing to write " + out + ": it is a folder, expected a file name");
        }
        checkInputs(out, o, inputs);
    }

    /**
     * Checks {@code out}, a folder about to be written (or replaced) whose entries are named
     * {@code ownNames} when the command writes it.
     */
    public static void folder(Path out, boolean overwrite, Set<String> ownNames, Collection<Path> inputs) throws IOException {
        Path o = canonical(out);
        if (Files.exists(o) && !Files.isDirectory(o)) {
            throw new OutputRefusedException("refusing to write " + out + ": it is a file, expected a folder");
        }
        checkInputs(out, o, inputs);
        if (!overwrite && Files.isDirectory(o)) {
            List<String> foreign = new ArrayList<>();
            try (Stream<Path> entries = Files.list(o)) {
                entries.map(p -> p.getFileName().toString()).filter(n -> !own(n, ownNames)).sorted().forEach(foreign::add);
            }
            if (!foreign.isEmpty()) {
                throw new OutputRefusedException("refusing to write into " + out + ": it holds " + foreign.size() + " entr"
                        + (foreign.size() == 1 ? "y" : "ies") + " this command did not write (" + listed(foreign)
                        + "); choose a new or empty folder, or give --overwrite to replace it");
            }
        }
    }

    private static void checkInputs(Path out, Path o, Collection<Path> inputs) throws IOException {
        for (Path input : inputs) {
            if (input == null) {
                continue;
            }
            Path i = canonical(input);
            if (o.equals(i)) {
                throw new OutputRefusedException("refusing to write " + out + ": it is an input of this command; write elsewhere");
            }
            if (i.startsWith(o)) {
                throw new OutputRefusedException("refusing to write " + out + ": it holds " + input
                        + ", an input of this command; write elsewhere");
            }
            if (o.startsWith(i) && Files.isDirectory(i) && Files.exists(o)) {
                throw new OutputRefusedException("refusing to write " + out + ": it already exists inside " + input
                        + ", an input folder of this command; write elsewhere");
            }
        }
    }

    /** One of {@code ownNames}, or a temporary file of one ({@code .NAME...}) that a crash left behind. */
    private static boolean own(String name, Set<String> ownNames) {
        if (ownNames.contains(name)) {
            return true;
        }
        for (String o : ownNames) {
            if (name.startsWith("." + o)) {
                return true;
            }
        }
        return false;
    }

    /** The absolute, normalized path with every symbolic link of its existing part resolved. */
    static Path canonical(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        List<Path> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing)) {
            rest.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        Path real = existing == null ? abs.getRoot() : existing.toRealPath();
        for (Path r : rest) {
            real = real.resolve(r);
        }
        return real;
    }

    private static String listed(List<String> names) {
        Set<String> shown = new TreeSet<>(names.subList(0, Math.min(LISTED, names.size())));
        return String.join(", ", shown) + (names.size() > LISTED ? ", ..." : "");
    }
}

package org.distill4ads.distill.data;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;

/**
 * A reader that fails with a {@link DataFormatException} naming the file and line as soon as a
 * line grows longer than {@link Limits#MAX_LINE_CHARS}, before the line is held in memory.
 */
final class LineLimitedReader extends FilterReader {
    private final Path file;
    private final int maxLine;
    private long line = 1;
    private long column;

    LineLimitedReader(Reader in, Path file) {
        this(in, file, Limits.MAX_LINE_CHARS);
    }

    LineLimitedReader(Reader in, Path file, int maxLine) {
        super(in);
        this.file = file;
        this.maxLine = maxLine;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        for (int i = 0; i < n; i++) {
            count(buf[off + i]);
        }
        return n;
    }

    private void count(char c) throws DataFormatException {
        if (c == '\n') {
            line++;
            column = 0;
        } else if (++column > maxLine) {
            throw new DataFormatException(file, line, null, "is longer than " + maxLine + " characters",
                    "lines of at most " + maxLine + " characters (is this a data file?)");
        }
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}

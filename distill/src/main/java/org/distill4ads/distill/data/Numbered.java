package org.distill4ads.distill.data;

/** A value read from a file with the 1-based line it came from, for error messages that follow. */
record Numbered<T>(T value, long line) {
}

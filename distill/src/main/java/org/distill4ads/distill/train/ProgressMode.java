package org.distill4ads.distill.train;

/** How training progress is shown (the metrics log is written in every mode). */
public enum ProgressMode {
    /**
     * A progress bar on an interactive terminal ({@code System.console() != null}) when the optional
     * {@code me.tongfei:progressbar} is on the class path, log lines otherwise.
     */
    AUTO,
    /** Always a progress bar (on standard error); needs the optional {@code me.tongfei:progressbar}. */
    BAR,
    /** A plain log line every {@code logEvery} steps. */
    LOG,
    /** Nothing. */
    NONE
}

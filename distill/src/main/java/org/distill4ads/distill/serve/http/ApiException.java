package org.distill4ads.distill.serve.http;

/** A request the endpoint refuses: the HTTP status and a message naming what is wrong. */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}

package org.distill4ads.distill.judge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as UTF-8 text, at most {@code maxBytes} of it: a longer body (declared by
 * its Content-Length or found while reading) fails with {@link TooLarge} and the connection is
 * dropped, so a server that floods the client cannot run it out of memory.
 */
final class CappedBody implements HttpResponse.BodySubscriber<String> {
    /** The body was longer than the cap. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    private final long maxBytes;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private CappedBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The handler: refuses at once a body whose declared length is over {@code maxBytes}. */
    static HttpResponse.BodyHandler<String> handler(long maxBytes) {
        return info -> {
            CappedBody body = new CappedBody(maxBytes);
            OptionalLong declared = info.headers().firstValueAsLong("Content-Length");
            if (declared.isPresent() && declared.getAsLong() > maxBytes) {
                body.result.completeExceptionally(new TooLarge("the reply declares a body of " + declared.getAsLong()
                        + " bytes, more than the " + maxBytes + " accepted"));
            }
            return body;
        };
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            if (bytes.size() + (long) b.remaining() > maxBytes) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge("the reply body is longer than the " + maxBytes + " bytes accepted"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toString(StandardCharsets.UTF_8));
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }
}

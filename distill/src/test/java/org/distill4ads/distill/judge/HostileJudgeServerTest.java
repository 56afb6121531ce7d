package org.distill4ads.distill.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.distill4ads.distill.data.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Part of the hostile-input suite (docs/guarantees.md): the judge client against a loopback
 * server that trickles, floods, declares a huge body or hangs. Every case ends in a
 * {@link JudgeException} naming the cause, bounded by the client's own deadline; the
 * {@link Timeout}s only guard the build against a hang (they are not measurements).
 */
class HostileJudgeServerTest {
    static final List<JudgePair> PAIRS = List.of(new JudgePair(new Item("i1", "Red running shoe", "Shoes"), "red sneakers"));

    static OpenAiJudge.Config config(HostileChatServer s, Duration timeout) {
        return OpenAiJudge.Config.defaults(s.baseUrl(), "m").withRequestTimeout(timeout).withMaxAttempts(1)
                .withInitialBackoff(Duration.ZERO);
    }

    @Test
    @Timeout(60)
    void aTrickledBodyIsCutOffByTheDeadlineOfTheWholeRequest() throws Exception {
        try (HostileChatServer s = new HostileChatServer(HostileChatServer.Mode.TRICKLE);
             OpenAiJudge judge = new OpenAiJudge(config(s, Duration.ofSeconds(2)))) {
            JudgeException e = assertThrows(JudgeException.class, () -> judge.judge(PAIRS));
            assertTrue(e.getMessage().contains("no reply within 2000 ms (the deadline covers the whole reply"), e.getMessage());
            assertEquals(1, s.requests());
        }
    }

    @Test
    @Timeout(60)
    void aFloodedBodyIsCutOffAtTheCap() throws Exception {
        try (HostileChatServer s = new HostileChatServer(HostileChatServer.Mode.FLOOD);
             OpenAiJudge judge = new OpenAiJudge(config(s, Duration.ofSeconds(30)).withMaxAttempts(3))) {
            JudgeException e = assertThrows(JudgeException.class, () -> judge.judge(PAIRS));
            assertTrue(e.getMessage().contains("longer than the " + OpenAiJudge.MAX_RESPONSE_BYTES + " bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("not retried"), e.getMessage());
            assertEquals(1, s.requests(), "a flood is not asked again");
        }
    }

    @Test
    @Timeout(60)
    void aDeclaredHugeBodyIsRefusedBeforeReading() throws Exception {
        try (HostileChatServer s = new HostileChatServer(HostileChatServer.Mode.DECLARE_HUGE);
             OpenAiJudge judge = new OpenAiJudge(config(s, Duration.ofSeconds(30)))) {
            JudgeException e = assertThrows(JudgeException.class, () -> judge.judge(PAIRS));
            assertTrue(e.getMessage().contains("declares a body of 100000000000 bytes"), e.getMessage());
        }
    }

    @Test
    @Timeout(60)
    void aServerThatNeverAnswersHitsTheDeadlineOnEveryAttempt() throws Exception {
        try (HostileChatServer s = new HostileChatServer(HostileChatServer.Mode.HANG);
             OpenAiJudge judge = new OpenAiJudge(config(s, Duration.ofSeconds(1)).withMaxAttempts(2))) {
            JudgeException e = assertThrows(JudgeException.class, () -> judge.judge(PAIRS));
            assertTrue(e.getMessage().contains("after 2 attempts") && e.getMessage().contains("within 1000 ms"), e.getMessage());
        }
    }

    @Test
    @Timeout(60)
    void closeCompletesWhileRequestsHangAndTheCallerIsReleased() throws Exception {
        try (HostileChatServer s = new HostileChatServer(HostileChatServer.Mode.HANG)) {
            OpenAiJudge judge = new OpenAiJudge(config(s, Duration.ofMinutes(10)).withMaxConcurrency(2));
            List<JudgePair> many = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                many.add(new JudgePair(new Item("i" + i, "title " + i, ""), "keyphrase " + i));
            }
            CompletableFuture<List<?>> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return judge.judge(many);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            while (s.requests() < 2) {   // both workers are stuck on the server
                Thread.sleep(10);
            }
            judge.close();   // returns although the server never answers
            ExecutionException e = assertThrows(ExecutionException.class, call::get);
            assertTrue(e.getCause() instanceof java.io.UncheckedIOException, String.valueOf(e.getCause()));
            assertThrows(IllegalStateException.class, () -> judge.judge(PAIRS), "a closed judge refuses work");
        }
    }
}

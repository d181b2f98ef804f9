package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A client that was away resumes from its last seq: the missing ones from PostgreSQL, then live ones. */
class ResumeIT {

    @Test
    void aClientThatReconnectsWithAfterSeqGetsExactlyTheMissingSeqsThenLiveOnesWhilePostingGoesOn() {
        Scenario s = new Scenario("resume");
        long lastSeen;
        try (WsProbe first = s.operatorDialogSocket(0)) {
            for (int i = 0; i < 5; i++) {
                s.guestPost("before " + i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> first.seqs(s.dialogId).size() == 5);
            assertThat(first.seqs(s.dialogId)).containsExactly(1L, 2L, 3L, 4L, 5L);
            lastSeen = 5;
        }

        AtomicInteger posted = new AtomicInteger();
        CompletableFuture<Void> poster = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 80; i++) {
                s.guestPost("while away " + i);
                posted.incrementAndGet();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> posted.get() >= 50);
        try (WsProbe resumed = s.operatorDialogSocket(lastSeen)) {
            poster.join();
            List<Long> expected = LongStream.rangeClosed(6, 85).boxed().toList();
            await().atMost(Duration.ofSeconds(15)).until(() -> resumed.seqs(s.dialogId).size() >= expected.size());
            assertThat(resumed.seqs(s.dialogId)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void anSseClientResumesFromLastEventId() {
        Scenario s = new Scenario("sse-resume");
        for (int i = 0; i < 10; i++) {
            s.guestPost("message " + i);
        }
        try (SseProbe sse = SseProbe.open(s.widgetHttp() + "/api/widget/dialogs/" + s.dialogId + "/events?"
                + s.guestQuery(), "4")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sse.seqs().size() >= 6);
            long live = s.guestPost("live one");
            await().atMost(Duration.ofSeconds(5)).until(() -> sse.seqs().contains(live));
            assertThat(sse.seqs()).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, live);
            assertThat(sse.response.headers().firstValue("X-Accel-Buffering")).contains("no");
            assertThat(sse.response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        }
    }
}

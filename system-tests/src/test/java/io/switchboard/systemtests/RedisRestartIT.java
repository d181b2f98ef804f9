package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Redis is only the doorbell: restarting it mid-stream loses nothing on any connected screen. */
class RedisRestartIT {

    @Test
    void everyConnectedClientEndsWithEverySeqExactlyOnceInOrderAcrossARedisRestart() {
        Scenario s = new Scenario("redis-restart");
        int total = 60;
        try (WsProbe operatorDialog = s.operatorDialogSocket(0);
             WsProbe operatorUser = WsProbe.open(s.adminWs() + "/ws?token=" + s.operator.token());
             WsProbe widget = s.widgetSocket(0);
             SseProbe widgetSse = s.widgetSse()) {
            operatorUser.send("{\"type\":\"subscribe\",\"dialog_id\":" + s.dialogId + ",\"after_seq\":0}");
            await().atMost(Duration.ofSeconds(10)).until(() -> !operatorDialog.ofType("subscribed").isEmpty()
                    && !operatorUser.ofType("subscribed").isEmpty() && !widget.ofType("subscribed").isEmpty()
                    && widgetSse.lines.contains("retry: 5000"));

            AtomicInteger posted = new AtomicInteger();
            CompletableFuture<Void> poster = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < total; i++) {
                    s.guestPost("flowing " + i);
                    posted.incrementAndGet();
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> posted.get() >= 20);
            s.system.redis().stop();
            await().atMost(Duration.ofSeconds(20)).until(() -> posted.get() >= 40);
            s.system.redis().start();
            poster.join();

            List<Long> all = LongStream.rangeClosed(1, total).boxed().toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> operatorDialog.seqs(s.dialogId).size() >= total
                    && operatorUser.seqs(s.dialogId).size() >= total && widget.seqs(s.dialogId).size() >= total
                    && widgetSse.seqs().size() >= total);
            assertThat(operatorDialog.seqs(s.dialogId)).containsExactlyElementsOf(all);
            assertThat(operatorUser.seqs(s.dialogId)).containsExactlyElementsOf(all);
            assertThat(widget.seqs(s.dialogId)).containsExactlyElementsOf(all);
            assertThat(widgetSse.seqs()).containsExactlyElementsOf(all);
            assertThat(operatorDialog.isClosed()).isFalse();
            assertThat(widget.isClosed()).isFalse();
        } finally {
            s.system.redis().start();
        }
    }
}

package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.events.MessagePayload;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.TestRedis;
import io.switchboard.socket.testkit.TestSocket;
import io.switchboard.store.StoreWrites;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class AdminDialogSocketTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void anEventPublishedOnTheDialogChannelReachesTheDialogSocketAfterConnectedAndSubscribed() {
        Fixture f = Fixture.create();
        try (TestSocket socket = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !socket.ofType("subscribed").isEmpty());

            MessagePayload m = TestDb.message(f.dialogId(), "hello");
            TestRedis.messageNew(f.assistantId(), m);

            await().until(() -> socket.messageSeqs(f.dialogId()).contains(1L));
            List<JsonNode> frames = socket.json();
            assertThat(frames.get(0).path("type").asText()).isEqualTo("connected");
            assertThat(frames.get(0).path("identity").asText()).isEqualTo("operator:" + f.operatorId());
            assertThat(frames.get(1).path("type").asText()).isEqualTo("subscribed");
            assertThat(frames.get(1).path("last_seq").asLong()).isZero();
            assertThat(frames.get(2).path("message").path("text").asText()).isEqualTo("hello");
        }
    }

    @Test
    void theUserLevelSocketReceivesADialogsEventsAfterASubscribeFrame() {
        Fixture f = Fixture.create();
        try (TestSocket socket = TestSocket.open(base, "/ws?token=" + f.operatorToken())) {
            await().until(() -> !socket.ofType("connected").isEmpty());
            socket.send("{\"type\":\"subscribe\",\"dialog_id\":" + f.dialogId() + "}");
            await().until(() -> !socket.ofType("subscribed").isEmpty());

            TestRedis.messageNew(f.assistantId(), TestDb.message(f.dialogId(), "one"));

            await().until(() -> socket.messageSeqs(f.dialogId()).equals(List.of(1L)));
            socket.send("{\"type\":\"unsubscribe\",\"dialog_id\":" + f.dialogId() + "}");
            await().until(() -> !socket.ofType("unsubscribed").isEmpty());
        }
    }

    @Test
    void publishesThatArriveReorderedAreDeliveredInSeqOrder() {
        Fixture f = Fixture.create();
        try (TestSocket socket = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !socket.ofType("subscribed").isEmpty());
            MessagePayload m1 = TestDb.message(f.dialogId(), "1");
            MessagePayload m2 = TestDb.message(f.dialogId(), "2");
            MessagePayload m3 = TestDb.message(f.dialogId(), "3");

            TestRedis.messageNew(f.assistantId(), m1);
            TestRedis.messageNew(f.assistantId(), m3);
            TestRedis.messageNew(f.assistantId(), m2);

            await().until(() -> socket.messageSeqs(f.dialogId()).size() >= 3);
            assertThat(socket.messageSeqs(f.dialogId())).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aSeqThatWasNeverPublishedIsReadFromPostgresBeforeTheNextOne() {
        Fixture f = Fixture.create();
        try (TestSocket socket = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !socket.ofType("subscribed").isEmpty());
            List<MessagePayload> stored = new ArrayList<>();
            LongStream.rangeClosed(1, 5).forEach(i -> stored.add(TestDb.message(f.dialogId(), "m" + i)));
            for (int i = 0; i < 3; i++) {
                TestRedis.messageNew(f.assistantId(), stored.get(i));
            }

            TestRedis.messageNew(f.assistantId(), stored.get(4));

            await().until(() -> socket.messageSeqs(f.dialogId()).size() >= 5);
            assertThat(socket.messageSeqs(f.dialogId())).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(socket.ofType("message:new").get(3).path("message").path("text").asText()).isEqualTo("m4");
        }
    }

    @Test
    void aStaffMessageReadBackFromPostgresNamesItsAuthorSoAReconnectingClientMovesTheWatermarkToo() {
        // A post sends no read event for its author (docs/protocol.md): catch-up must carry author_id like live does.
        Fixture f = Fixture.create();
        TestDb.message(f.dialogId(), "question");
        MessagePayload answer = TestDb.message(f.dialogId(), "answer");
        TestDb.execute("UPDATE messages SET sender = 'operator', author = 'Olga', author_id = ? WHERE id = ?",
                f.operatorId(), answer.id());
        try (TestSocket socket = TestSocket.open(base, f.dialogPath() + "&after_seq=0")) {
            await().until(() -> socket.messageSeqs(f.dialogId()).size() >= 2);
            List<JsonNode> news = socket.ofType("message:new");
            assertThat(news).extracting(n -> n.path("message").path("author_id").asLong(0))
                    .containsExactly(0L, f.operatorId());
            assertThat(news.get(0).path("message").has("author_id")).as("a guest's message names no author").isFalse();
            assertThat(socket.ofType("read")).isEmpty();
        }
    }

    @Test
    void theSameEventPublishedTwiceIsShownOnce() {
        Fixture f = Fixture.create();
        try (TestSocket socket = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !socket.ofType("subscribed").isEmpty());
            MessagePayload m1 = TestDb.message(f.dialogId(), "1");
            MessagePayload m2 = TestDb.message(f.dialogId(), "2");

            TestRedis.messageNew(f.assistantId(), m1);
            TestRedis.messageNew(f.assistantId(), m1);
            TestRedis.messageNew(f.assistantId(), m2);
            TestRedis.messageNew(f.assistantId(), m1);

            await().until(() -> socket.messageSeqs(f.dialogId()).contains(2L));
            await().during(Duration.ofMillis(400)).until(() -> socket.messageSeqs(f.dialogId()).size() == 2);
            assertThat(socket.messageSeqs(f.dialogId())).containsExactly(1L, 2L);
        }
    }

    @Test
    void aReconnectWithAfterSeqGetsExactlyTheMissingSeqsThenLiveOnesWhileWritesContinue() throws Exception {
        Fixture f = Fixture.create();
        int total = 200;
        List<Long> seen = new ArrayList<>();
        try (TestSocket first = TestSocket.open(base, f.dialogPath() + "&after_seq=0")) {
            await().until(() -> !first.ofType("subscribed").isEmpty());
            for (int i = 1; i <= 10; i++) {
                TestRedis.messageNew(f.assistantId(), TestDb.message(f.dialogId(), "before " + i));
            }
            await().until(() -> first.messageSeqs(f.dialogId()).size() == 10);
            seen.addAll(first.messageSeqs(f.dialogId()));
        }
        for (int i = 11; i <= 20; i++) {
            TestRedis.messageNew(f.assistantId(), TestDb.message(f.dialogId(), "while away " + i));
        }
        // The writer keeps inserting and publishing while the second socket connects and catches up.
        Thread writer = new Thread(() -> {
            for (int i = 21; i <= total; i++) {
                TestRedis.messageNew(f.assistantId(), TestDb.message(f.dialogId(), "during " + i));
            }
        });
        writer.start();
        try (TestSocket second = TestSocket.open(base, f.dialogPath() + "&after_seq=" + seen.get(seen.size() - 1))) {
            writer.join();
            await().until(() -> second.messageSeqs(f.dialogId()).size() >= total - 10);
            await().during(Duration.ofMillis(300)).until(() -> second.messageSeqs(f.dialogId()).size() == total - 10);
            seen.addAll(second.messageSeqs(f.dialogId()));
        }
        assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    }

    @Test
    void typingAndReadFramesArePublishedToTheDialogAndTheReadWatermarkIsStored() {
        Fixture f = Fixture.create();
        TestDb.message(f.dialogId(), "x");
        TestDb.message(f.dialogId(), "y");
        try (TestSocket operator = TestSocket.open(base, f.dialogPath());
             TestSocket watcher = TestSocket.open(base, f.dialogPath())) {
            await().until(() -> !operator.ofType("subscribed").isEmpty() && !watcher.ofType("subscribed").isEmpty());

            operator.send("{\"type\":\"typing\",\"dialog_id\":" + f.dialogId() + ",\"state\":true}");
            operator.send("{\"type\":\"read\",\"dialog_id\":" + f.dialogId() + ",\"seq\":2}");

            await().until(() -> !watcher.ofType("typing").isEmpty() && !watcher.ofType("read").isEmpty());
            assertThat(watcher.ofType("typing").get(0).path("who").asText()).isEqualTo("operator");
            assertThat(watcher.ofType("read").get(0).path("seq").asLong()).isEqualTo(2);
            assertThat(TestDb.lastReadSeq(f.dialogId(), StoreWrites.operatorReader(f.operatorId()))).isEqualTo(2);
        }
    }

    @Test
    void aClientPingIsAnsweredWithPong() {
        Fixture f = Fixture.create();
        try (TestSocket socket = TestSocket.open(base, f.dialogPath())) {
            socket.send("{\"type\":\"ping\"}");
            await().until(() -> !socket.ofType("pong").isEmpty());
        }
    }
}

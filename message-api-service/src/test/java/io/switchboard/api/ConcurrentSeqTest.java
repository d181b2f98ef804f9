package io.switchboard.api;

import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.staffPost;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventType;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class ConcurrentSeqTest {
    static final int WRITERS = 8;
    static final int POSTS_EACH = 50;

    @Inject
    RedisDataSource redis;

    @Test
    void eightConcurrentWritersGetGaplessSeqsAndSubscribersSeeEveryMessageOnceInSeqOrder() throws Exception {
        long assistantId = createAssistant(unique("load"));
        String guestId = unique("guest");
        long dialogId = openDialog(assistantId, guestId);
        // The handoff lock lets only the holder write: eight tabs of the operator who took the dialog over.
        String holder = createOperator("Writer", assistantId).token();
        TestApi.takeOver(holder, dialogId);
        List<String> tokens = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            tokens.add(holder);
        }
        int total = WRITERS * POSTS_EACH;
        // seq 1 is the takeover's "joined" message.
        List<Long> expected = LongStream.rangeClosed(2, total + 1).boxed().toList();

        try (RedisChannelRecorder channel = new RedisChannelRecorder(redis, "ws:dialog:" + dialogId)) {
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try {
                List<Future<List<Long>>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    String token = tokens.get(w);
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        List<Long> seqs = new ArrayList<>();
                        for (int i = 0; i < POSTS_EACH; i++) {
                            Number seq = staffPost(token, dialogId, Map.of("text", "writer " + writer + " #" + i))
                                    .then().statusCode(201).extract().path("seq");
                            seqs.add(seq.longValue());
                        }
                        return seqs;
                    }));
                }
                List<Long> answered = new ArrayList<>();
                for (Future<List<Long>> f : writers) {
                    answered.addAll(f.get());
                }
                assertThat(answered).hasSize(total).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(expected);
            } finally {
                pool.shutdownNow();
            }

            List<Map<String, Object>> stored = json().get("/api/widget/dialogs/" + dialogId
                            + "/messages?assistant_id=" + assistantId + "&guest_token=" + TestApi.guestToken(assistantId, guestId) + "&limit=1000")
                    .then().statusCode(200).extract().jsonPath().getList("messages");
            assertThat(stored).extracting(m -> ((Number) m.get("seq")).longValue())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total + 1).boxed().toList());

            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> channel.ofType(EventType.MESSAGE_NEW).stream().filter(e -> e.seq() > 1).count()
                            >= total);
            // Seq 1 (the takeover) is published after its commit and may reach the recorder or not.
            List<Envelope> published = channel.ofType(EventType.MESSAGE_NEW).stream().filter(e -> e.seq() > 1)
                    .toList();
            assertThat(published).extracting(Envelope::seq).containsExactlyElementsOf(expected);
            assertThat(published).allSatisfy(e -> assertThat(e.message().text()).startsWith("writer "));
        }
    }
}

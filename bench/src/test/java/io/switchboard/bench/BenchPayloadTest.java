package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import io.switchboard.events.MessagePayload;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BenchPayloadTest {

    @Test
    void theSendTimeAndIdComeBackOutOfARealEnvelopeWithoutAJsonParser() {
        BenchPayload p = new BenchPayload("ab12cd34", 1_763_000_000_123_456L, 42);
        String frame = EventCodec.encode(Envelope.messageNew(3,
                new MessagePayload(901, 17, 5, "user", null, p.text(), null, Instant.now())));
        assertThat(BenchPayload.find(frame)).isEqualTo(p);
        assertThat(BenchPayload.frameType(frame)).isEqualTo("message:new");
        assertThat(BenchPayload.jsonLong(frame, "seq")).isEqualTo(5);
        assertThat(BenchPayload.isOfRun(frame, "ab12cd34")).isTrue();
        assertThat(BenchPayload.isOfRun(frame, "ab12cd3")).isFalse();
    }

    @Test
    void framesWithoutAPayloadOrWithAMangledOneYieldNothing() {
        assertThat(BenchPayload.find("{\"type\":\"subscribed\",\"dialog_id\":1,\"last_seq\":0}")).isNull();
        assertThat(BenchPayload.find("bench r=x t= id=1")).isNull();
        assertThat(BenchPayload.find("bench r=x t=12 id=")).isNull();
        assertThat(BenchPayload.jsonLong("{\"type\":\"pong\"}", "seq")).isEqualTo(-1);
        assertThat(BenchPayload.frameType("not json")).isEmpty();
    }
}

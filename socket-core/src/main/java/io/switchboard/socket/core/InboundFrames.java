package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import io.switchboard.events.Channels;
import io.switchboard.events.ClientFrame;
import io.switchboard.events.CloseCodes;
import io.switchboard.events.Envelope;
import io.switchboard.events.MalformedEventException;
import io.switchboard.events.ServerFrames;
import io.switchboard.socket.config.SocketConfig;
import io.switchboard.store.DialogRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The frames a WebSocket client sends ({@code ping}, {@code subscribe}, {@code unsubscribe}, {@code typing},
 * {@code read}): flood and size limits first, then one JSON frame decoded and answered. SSE has no inbound frames.
 */
@ApplicationScoped
public class InboundFrames {
    @Inject
    DialogSubscriptions subscriptions;

    @Inject
    DeliveryStore store;

    @Inject
    EventPublishing publisher;

    @Inject
    SocketConfig config;

    @Inject
    DeliveryScheduler scheduler;

    @Inject
    Channels channels;

    /** One inbound text frame of a WebSocket session. Worker thread. */
    public void onFrame(ClientSession s, String text) {
        if (s.isClosed()) {
            return;
        }
        s.seen();
        if (!s.allowInboundFrame()) {
            s.close(CloseCodes.RATE_LIMITED, "too many frames: limit " + config.limits().framesPerSecond()
                    + " per second");
            return;
        }
        int limit = config.limits().maxFrameBytes();
        if (text.length() > limit || (text.length() > limit / 3 && Utf8.length(text) > limit)) {
            String why = "frame too large: limit " + limit + " bytes";
            s.sendControl(ServerFrames.error("frame_too_large", why));
            s.close(CloseCodes.MESSAGE_TOO_BIG, why);
            return;
        }
        if (text.indexOf('\uFFFD') >= 0) {
            // Vert.x decodes a text frame that is not valid UTF-8 with replacement characters; client frames
            // carry no free text, so one means the bytes were not UTF-8 (RFC 6455 requires failing the connection).
            String why = "text frames must be valid UTF-8";
            s.sendControl(ServerFrames.error("bad_frame", why));
            s.close(CloseCodes.BAD_FRAME, "malformed frame: " + why);
            return;
        }
        ClientFrame frame;
        try {
            frame = ClientFrame.decode(text);
        } catch (MalformedEventException e) {
            s.sendControl(ServerFrames.error("bad_frame", e.getMessage()));
            s.close(CloseCodes.BAD_FRAME, "malformed frame: " + e.getMessage());
            return;
        }
        try {
            switch (frame.type()) {
                case ClientFrame.PING -> s.sendControl(ServerFrames.pong());
                case ClientFrame.SUBSCRIBE -> onSubscribeFrame(s, frame);
                case ClientFrame.UNSUBSCRIBE -> subscriptions.unsubscribe(s, frame.dialogId(), true);
                case ClientFrame.TYPING -> onTypingFrame(s, frame);
                case ClientFrame.READ -> onReadFrame(s, frame);
                default -> s.sendControl(ServerFrames.error("bad_frame", "unsupported frame " + frame.type()));
            }
        } catch (Exception e) {
            Log.warnf("frame %s on connection %s failed: %s", frame.type(), s.id(), e.toString());
            s.sendControl(ServerFrames.error("unavailable", "temporary server problem; try again"));
        }
    }


    /** One inbound binary frame: the protocol is JSON text, so it is malformed (error frame, then 4400). */
    public void onBinaryFrame(ClientSession s) {
        if (s.isClosed()) {
            return;
        }
        s.seen();
        String why = "frames must be JSON text; binary frames are not accepted";
        s.sendControl(ServerFrames.error("bad_frame", why));
        s.close(CloseCodes.BAD_FRAME, "malformed frame: " + why);
    }

    private void onSubscribeFrame(ClientSession s, ClientFrame frame) throws Exception {
        long dialogId = frame.dialogId();
        Optional<DialogRecord> dialog = store.dialog(dialogId);
        if (dialog.isEmpty()) {
            Admission.Rejected missing = s.admission().access().missing(dialogId);
            s.sendControl(ServerFrames.error(missing.errorCode(), missing.reason()));
            return;
        }
        Optional<Admission.Rejected> denied = s.access().check(dialog.get());
        if (denied.isPresent()) {
            s.sendControl(ServerFrames.error(denied.get().errorCode(), denied.get().reason()));
            return;
        }
        scheduler.runBlocking(() -> subscriptions.subscribe(s, dialogId, frame.afterSeq()));
    }

    private void onTypingFrame(ClientSession s, ClientFrame frame) {
        long dialogId = frame.dialogId();
        if (!s.cursors().containsKey(dialogId)) {
            s.sendControl(ServerFrames.error("not_subscribed", "subscribe to dialog " + dialogId + " before typing"));
            return;
        }
        SessionIdentity who = s.identity();
        publisher.publish(Envelope.typing(dialogId, who.typingWho(), who.displayName(), frame.state()),
                channels.dialog(dialogId));
    }

    private void onReadFrame(ClientSession s, ClientFrame frame) throws Exception {
        long dialogId = frame.dialogId();
        if (!s.cursors().containsKey(dialogId)) {
            s.sendControl(ServerFrames.error("not_subscribed", "subscribe to dialog " + dialogId + " before read"));
            return;
        }
        String reader = s.identity().reader();
        if (reader == null) {
            s.sendControl(ServerFrames.error("forbidden", "this identity has no read state"));
            return;
        }
        OptionalLong moved = store.advanceReadWatermark(dialogId, reader, frame.seq());
        if (moved.isEmpty()) {
            return;
        }
        Optional<DialogRecord> dialog = store.dialog(dialogId);
        if (dialog.isPresent()) {
            long assistantId = dialog.get().assistantId();
            publisher.publish(Envelope.read(dialogId, assistantId, reader, moved.getAsLong()),
                    channels.dialog(dialogId), channels.assistant(assistantId));
        }
    }

}

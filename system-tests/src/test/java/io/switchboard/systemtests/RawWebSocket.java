package io.switchboard.systemtests;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written at the frame level, for what well-behaved clients cannot do: send binary,
 * oversized or non-UTF-8 frames, or stop reading with a tiny receive window like a stalled browser tab.
 */
final class RawWebSocket implements AutoCloseable {
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** One frame as received. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** How the server ended the connection, and the text frames that came before. */
    record Ending(int code, String reason, List<String> texts) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Upgrades {@code url} (ws://host:port/path?query); {@code receiveBuffer} > 0 shrinks the TCP receive window. */
    static RawWebSocket open(String url, Map<String, String> headers, int receiveBuffer) {
        URI u = URI.create(url);
        try {
            Socket s = new Socket();
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 5_000);
            s.setSoTimeout(10_000);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            StringBuilder req = new StringBuilder("GET ").append(u.getRawPath())
                    .append(u.getRawQuery() == null ? "" : "?" + u.getRawQuery()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(u.getHost()).append(':').append(u.getPort()).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("\r\n");
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream raw = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = raw.read();
                if (b < 0) {
                    throw new IllegalStateException("server closed during the upgrade: " + head);
                }
                head.write(b);
            }
            if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
                throw new IllegalStateException("upgrade refused: " + head.toString(StandardCharsets.US_ASCII).lines()
                        .findFirst().orElse(""));
            }
            return new RawWebSocket(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + u.getPath(), e);
        }
    }

    static RawWebSocket open(String url) {
        return open(url, Api.pageOrigin(url).map(o -> Map.of("Origin", o)).orElse(Map.of()), 0);
    }

    /** Sends one complete (FIN) frame, masked as a client must. */
    void send(int opcode, byte[] payload) {
        try {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write(0x80 | opcode);
            int len = payload.length;
            if (len < 126) {
                f.write(0x80 | len);
            } else if (len < 65536) {
                f.write(0x80 | 126);
                f.write(len >>> 8);
                f.write(len & 0xFF);
            } else {
                f.write(0x80 | 127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) ((long) len >>> (8 * i)) & 0xFF);
                }
            }
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            f.write(mask);
            for (int i = 0; i < len; i++) {
                f.write(payload[i] ^ mask[i % 4]);
            }
            out.write(f.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("send failed", e);
        }
    }

    void sendText(String text) {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the next frame (answering pings as a browser would); null on timeout. */
    Frame read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        while (true) {
            int b0;
            try {
                b0 = in.readUnsignedByte();
            } catch (SocketTimeoutException e) {
                return null;
            }
            int b1 = in.readUnsignedByte();
            int opcode = b0 & 0x0F;
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            if (opcode == PING) {
                send(PONG, payload);
                continue;
            }
            return new Frame(opcode, payload);
        }
    }

    /** Reads until the server's close frame (or the end of the stream: 1006); collects the text frames. */
    Ending readUntilClose(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> texts = new ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                Frame f = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
                if (f == null) {
                    break;
                }
                if (f.opcode() == TEXT) {
                    texts.add(f.text());
                } else if (f.opcode() == CLOSE) {
                    byte[] p = f.payload();
                    int code = p.length >= 2 ? ((p[0] & 0xFF) << 8) | (p[1] & 0xFF) : 1005;
                    String reason = p.length > 2 ? new String(p, 2, p.length - 2, StandardCharsets.UTF_8) : "";
                    return new Ending(code, reason, texts);
                }
            }
        } catch (EOFException | java.net.SocketException ended) {
            return new Ending(1006, "connection ended without a close frame", texts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no close frame within " + timeout + "; text frames so far: " + texts.size());
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}

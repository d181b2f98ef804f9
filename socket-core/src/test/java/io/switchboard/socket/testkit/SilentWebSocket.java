package io.switchboard.socket.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A real WebSocket client that completes the upgrade and then stops reading, with a tiny receive
 * window: a consumer that has stopped reading. Afterwards it can drain what piled up and report
 * the close frame the server sent.
 */
public final class SilentWebSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private int pingsSeen;

    /** The close frame: code and reason. */
    public record Close(int code, String reason) {
    }

    private SilentWebSocket(Socket socket) throws Exception {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Upgrades {@code pathAndQuery}, then reads nothing more until told to. */
    public static SilentWebSocket open(URI base, String pathAndQuery) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        byte[] key = new byte[16];
        new java.util.Random().nextBytes(key);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("server closed during the upgrade: " + head);
            }
            head.write(b);
        }
        if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
            throw new IllegalStateException("upgrade refused: " + head);
        }
        return new SilentWebSocket(s);
    }

    /** Starts reading again: skips data frames until the server's close frame and returns it. */
    public Close readUntilClose() throws Exception {
        socket.setSoTimeout(15_000);
        while (true) {
            int b0 = in.readUnsignedByte();
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
            if (opcode == 0x9) {
                pingsSeen++;
            }
            if (opcode == 0x8) {
                int code = len >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                String reason = len > 2 ? new String(payload, 2, (int) len - 2, StandardCharsets.UTF_8) : "";
                return new Close(code, reason);
            }
        }
    }

    /** Server pings read by {@link #readUntilClose} (never answered: this client sends no pongs). */
    public int pingsSeen() {
        return pingsSeen;
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}

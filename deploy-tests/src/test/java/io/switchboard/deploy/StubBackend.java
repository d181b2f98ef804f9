package io.switchboard.deploy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for one Switchboard service behind nginx, speaking just enough HTTP/1.1 to show
 * what the proxy does: every answer names the backend; a request with {@code Upgrade} gets a
 * 101 and a raw two-way tunnel; a request asking for {@code text/event-stream} gets one event at
 * once and each further one only when the test asks for it — deliberately WITHOUT
 * {@code X-Accel-Buffering: no}, so only the proxy config can keep the first event flowing.
 */
final class StubBackend implements AutoCloseable {

    /** A request as the backend received it from nginx. */
    record Received(String method, String target, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    final String name;
    private final ServerSocket server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Semaphore streamChunks = new Semaphore(0);

    StubBackend(String name) throws IOException {
        this.name = name;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "stub-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Received> received() {
        return received;
    }

    /** Lets a held SSE stream write its next event (the first one comes with the headers). */
    void sendNextStreamEvent() {
        streamChunks.release();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "stub-" + name + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] lines = head.split("\r\n");
                String[] requestLine = lines[0].split(" ");
                Map<String, String> headers = new TreeMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0) {
                        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                    }
                }
                Received r = new Received(requestLine[0], requestLine[1], headers);
                received.add(r);
                skipBody(in, r);
                if (r.header("upgrade") != null) {
                    tunnel(in, out);
                    return;
                }
                if (String.valueOf(r.header("accept")).contains("text/event-stream")) {
                    stream(out);
                    return;
                }
                byte[] body = (name + " " + r.method() + " " + r.target()).getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (SocketException | java.net.SocketTimeoutException gone) {
            // nginx or the test closed the connection
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    private void tunnel(InputStream in, OutputStream out) throws IOException {
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(("hello from " + name + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        out.write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void stream(OutputStream out) throws IOException, InterruptedException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        chunk(out, "retry: 5000\n\n");
        // Each later event is written only when the test asks, on a connection that stays open:
        // a proxy that buffers holds it back although the service has sent it.
        if (streamChunks.tryAcquire(15, TimeUnit.SECONDS)) {
            chunk(out, "event: message\nid: 1\ndata: live from " + name + "\n\n");
        }
        if (streamChunks.tryAcquire(15, TimeUnit.SECONDS)) {
            chunk(out, "event: message\nid: 2\ndata: last\n\n");
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void chunk(OutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void skipBody(InputStream in, Received r) throws IOException {
        String length = r.header("content-length");
        if (length != null) {
            in.readNBytes(Integer.parseInt(length));
        }
    }

    /** The request head up to the blank line, or null when the connection ends first. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1).trim();
    }

    @Override
    public void close() throws IOException {
        streamChunks.release(100);
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}

package io.switchboard.socket.testkit;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A hand-written HTTP/1.1 GET over a plain socket, for what java.net.http will not do (an
 * {@code Origin} header): reads the status, headers and the first bytes of the body.
 */
public final class RawHttp {
    /** What came back. */
    public record Response(int status, Map<String, String> headers, String bodyStart) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** Sends a GET and reads until the headers plus {@code bodyBytes} of body arrived (or 5 s passed). */
    public static Response get(URI base, String pathAndQuery, Map<String, String> headers, int bodyBytes)
            throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(5_000);
            StringBuilder req = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                    + base.getPort() + "\r\nConnection: close\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            OutputStream out = s.getOutputStream();
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int headerEnd = -1;
            long deadline = System.currentTimeMillis() + 5_000;
            byte[] chunk = new byte[4096];
            while (System.currentTimeMillis() < deadline) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                buf.write(chunk, 0, n);
                String text = buf.toString(StandardCharsets.ISO_8859_1);
                if (headerEnd < 0) {
                    headerEnd = text.indexOf("\r\n\r\n");
                }
                if (headerEnd >= 0 && buf.size() - headerEnd - 4 >= bodyBytes) {
                    break;
                }
            }
            String text = buf.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String[] headLines = head.split("\r\n");
            int status = Integer.parseInt(headLines[0].split(" ")[1]);
            Map<String, String> hs = new LinkedHashMap<>();
            for (int i = 1; i < headLines.length; i++) {
                int colon = headLines[i].indexOf(':');
                if (colon > 0) {
                    hs.put(headLines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            headLines[i].substring(colon + 1).trim());
                }
            }
            return new Response(status, hs, end < 0 ? "" : text.substring(end + 4));
        }
    }
}

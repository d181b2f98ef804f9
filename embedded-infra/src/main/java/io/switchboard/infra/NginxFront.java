package io.switchboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real nginx (the Debian package) in front of the three services, configured from the shipped
 * {@code deploy/nginx} files the way an operator deploys them: only the upstream ports, the listen
 * port and the log path change. Tests may edit the site config first, e.g. to remove the
 * WebSocket headers and show what a misconfigured proxy does.
 */
public final class NginxFront implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private NginxFront(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** The nginx binary, which lives in /usr/sbin on Debian (not on every PATH). */
    public static Optional<Path> binary() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin"));
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, "nginx"))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /**
     * Writes the shipped config with the given upstream ports into {@code workDir}, applies
     * {@code siteEdit} to {@code switchboard.conf}, and starts nginx on a free loopback port.
     */
    public static NginxFront start(Path projectDir, Path workDir, int apiPort, int adminWsPort, int widgetWsPort,
                                   UnaryOperator<String> siteEdit) {
        Path nginx = binary().orElseThrow(() -> new IllegalStateException(
                "nginx is not installed (apt-get install -y nginx; .ci/run installs it)"));
        int port = FreePorts.find();
        try {
            Files.createDirectories(workDir);
            Files.deleteIfExists(workDir.resolve("access.log"));
            Path shipped = projectDir.resolve("deploy/nginx");
            String upstreams = Files.readString(shipped.resolve("switchboard-upstreams.conf"))
                    .replace("127.0.0.1:8080", "127.0.0.1:" + apiPort)
                    .replace("127.0.0.1:8081", "127.0.0.1:" + adminWsPort)
                    .replace("127.0.0.1:8082", "127.0.0.1:" + widgetWsPort);
            Files.writeString(workDir.resolve("switchboard-upstreams.conf"), upstreams);
            String site = Files.readString(shipped.resolve("switchboard.conf"))
                    .replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                    .replace("/var/log/nginx/switchboard-access.log", workDir.resolve("access.log").toString());
            Files.writeString(workDir.resolve("switchboard.conf"), siteEdit.apply(site));
            Files.writeString(workDir.resolve("nginx.conf"), """
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log;
                    events { worker_connections 1024; }
                    http {
                        client_body_temp_path %1$s/client_body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                        access_log off;
                        include switchboard-upstreams.conf;
                        include switchboard.conf;
                    }
                    """.formatted(workDir));
            Process p = new ProcessBuilder(nginx.toString(), "-p", workDir.toString(), "-c",
                    workDir.resolve("nginx.conf").toString(), "-e", workDir.resolve("error.log").toString(),
                    "-g", "daemon off;").redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("nginx.out").toFile()).start();
            NginxFront front = new NginxFront(workDir, port, p);
            front.awaitListening();
            return front;
        } catch (IOException e) {
            throw new UncheckedIOException("nginx did not start in " + workDir, e);
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + read(dir.resolve("nginx.out")) + read(dir.resolve("error.log")));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("nginx is not listening on " + port + " after 10 s");
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** What nginx logged of each request, as the shipped log format writes it. */
    public String accessLog() {
        return read(dir.resolve("access.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

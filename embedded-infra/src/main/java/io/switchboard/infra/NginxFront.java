package io.switchboard.infra;

import io.switchboard.process.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        writeConfig(projectDir, workDir, port, apiPort, adminWsPort, widgetWsPort, siteEdit);
        return launch(nginx, workDir, port);
    }

    /**
     * Writes the shipped {@code deploy/nginx} files into {@code workDir} the way an operator deploys them
     * (only the upstream ports, the listen port and the log path change; {@code siteEdit} may change the
     * site config further) with a minimal main config around them, and returns that main config. Fails
     * when a shipped file no longer has a line this changes, so the config and its tests cannot drift apart.
     */
    public static Path writeConfig(Path projectDir, Path workDir, int listenPort, int apiPort, int adminWsPort,
                                   int widgetWsPort, UnaryOperator<String> siteEdit) {
        return writeConfig(projectDir, workDir, listenPort, new Upstreams(List.of(apiPort), List.of(adminWsPort),
                List.of(widgetWsPort)), Workers.SMALL, siteEdit);
    }

    /**
     * The ports of every replica of each service: one {@code server} line each in the shipped upstream blocks, as
     * an operator adds one per replica (deploy/nginx/switchboard-upstreams.conf).
     */
    public record Upstreams(List<Integer> api, List<Integer> adminWs, List<Integer> widgetWs) {
        public Upstreams {
            if (api.isEmpty() || adminWs.isEmpty() || widgetWs.isEmpty()) {
                throw new IllegalArgumentException("every upstream needs at least one server");
            }
            api = List.copyOf(api);
            adminWs = List.copyOf(adminWs);
            widgetWs = List.copyOf(widgetWs);
        }
    }

    /**
     * nginx's worker processes and connections per worker. A proxied socket holds two connections (client and
     * upstream), so thousands of sockets need more than the 1 024 of a test; above that {@code worker_rlimit_nofile}
     * asks for a file per connection too (an unprivileged nginx gets at most the hard limit, {@code ulimit -Hn}).
     */
    public record Workers(int processes, int connections) {
        /** One worker, 1 024 connections: what the tests' few requests need. */
        public static final Workers SMALL = new Workers(1, 1024);
    }

    /** {@link #writeConfig(Path, Path, int, int, int, int, UnaryOperator)} with several replicas per service. */
    public static Path writeConfig(Path projectDir, Path workDir, int listenPort, Upstreams upstreamPorts,
                                   Workers workers, UnaryOperator<String> siteEdit) {
        try {
            Files.createDirectories(workDir);
            Files.deleteIfExists(workDir.resolve("access.log"));
            Path shipped = projectDir.resolve("deploy/nginx");
            String upstreams = Files.readString(shipped.resolve("switchboard-upstreams.conf"));
            upstreams = substitute(upstreams, "switchboard-upstreams.conf", "server 127.0.0.1:8080;",
                    servers(upstreamPorts.api()));
            upstreams = substitute(upstreams, "switchboard-upstreams.conf", "server 127.0.0.1:8081;",
                    servers(upstreamPorts.adminWs()));
            upstreams = substitute(upstreams, "switchboard-upstreams.conf", "server 127.0.0.1:8082;",
                    servers(upstreamPorts.widgetWs()));
            Files.writeString(workDir.resolve("switchboard-upstreams.conf"), upstreams);
            String site = Files.readString(shipped.resolve("switchboard.conf"));
            site = substitute(site, "switchboard.conf", "listen 80;", "listen 127.0.0.1:" + listenPort + ";");
            site = substitute(site, "switchboard.conf", "/var/log/nginx/switchboard-access.log",
                    workDir.resolve("access.log").toString());
            Files.writeString(workDir.resolve("switchboard.conf"), siteEdit.apply(site));
            Path main = workDir.resolve("nginx.conf");
            Files.writeString(main, """
                    # A minimal main config around the shipped files, as in docs/operations.md.
                    worker_processes %2$d;
                    %4$spid %1$s/nginx.pid;
                    error_log %1$s/error.log;
                    events { worker_connections %3$d; }
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
                    """.formatted(workDir, workers.processes(), workers.connections(), workers.connections() > 1024
                    ? "worker_rlimit_nofile " + (workers.connections() + 64) + ";\n" : ""));
            return main;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the nginx config into " + workDir, e);
        }
    }

    /** {@code server 127.0.0.1:<port>;} lines, one per replica, indented like the shipped file's. */
    private static String servers(List<Integer> ports) {
        StringBuilder b = new StringBuilder();
        for (int p : ports) {
            b.append(b.length() == 0 ? "" : "\n    ").append("server 127.0.0.1:").append(p).append(';');
        }
        return b.toString();
    }

    /**
     * Writes the config for several replicas per service ({@link #writeConfig(Path, Path, int, Upstreams, Workers,
     * UnaryOperator)}) and starts nginx on {@code listenPort} (chosen by the caller, who may need to announce it
     * before the services start).
     */
    public static NginxFront start(Path projectDir, Path workDir, int listenPort, Upstreams upstreams, Workers workers,
                                   UnaryOperator<String> siteEdit) {
        Path nginx = binary().orElseThrow(() -> new IllegalStateException(
                "nginx is not installed (apt-get install -y nginx; .ci/run installs it)"));
        writeConfig(projectDir, workDir, listenPort, upstreams, workers, siteEdit);
        return launch(nginx, workDir, listenPort);
    }

    private static NginxFront launch(Path nginx, Path workDir, int port) {
        try {
            Process p = new ProcessBuilder(command(nginx, workDir, "-g", "daemon off;")).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("nginx.out").toFile()).start();
            NginxFront front = new NginxFront(workDir, port, p);
            try {
                front.awaitListening();
            } catch (RuntimeException e) {
                front.close();
                throw e;
            }
            return front;
        } catch (IOException e) {
            throw new UncheckedIOException("nginx did not start in " + workDir, e);
        }
    }

    /** The nginx command line for a config {@link #writeConfig} wrote into {@code workDir}, then {@code extra}. */
    public static List<String> command(Path nginx, Path workDir, String... extra) {
        List<String> command = new ArrayList<>(List.of(nginx.toString(), "-p", workDir.toString(), "-c",
                workDir.resolve("nginx.conf").toString(), "-e", workDir.resolve("error.log").toString()));
        command.addAll(List.of(extra));
        return command;
    }

    private static String substitute(String text, String file, String shipped, String replacement) {
        if (!text.contains(shipped)) {
            throw new IllegalStateException("deploy/nginx/" + file + " no longer contains '" + shipped
                    + "', which the local and test set-ups replace");
        }
        return text.replace(shipped, replacement);
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

    /** The nginx master process (its workers are its children). */
    public long pid() {
        return process.pid();
    }

    /** The folder nginx runs in: its config, pid file, error and access logs. */
    public Path workDir() {
        return dir;
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
        Processes.stop(process, Duration.ofSeconds(10));
    }
}

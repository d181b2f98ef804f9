package io.switchboard.bench.node;

import io.switchboard.bench.SystemStarter;
import io.switchboard.bench.probe.CpuMeter;
import io.switchboard.bench.probe.ProcessProbe;
import io.switchboard.process.Processes;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench s1 --target node --start}: the hand-built comparison server of {@code bench/hand-built-node}
 * (one Node process with ws, pg and ioredis) on a free port, against the same embedded PostgreSQL (fsync and
 * synchronous commit on) and Redis the bench starts for Switchboard. Closing it stops all three.
 */
public final class HandBuiltNode implements AutoCloseable {
    /** Where the server lives, relative to the project. */
    public static final String DIRECTORY = "bench/hand-built-node";

    private final SystemStarter.Infrastructure infrastructure;
    private final Process process;
    private final String url;

    private HandBuiltNode(SystemStarter.Infrastructure infrastructure, Process process, String url) {
        this.infrastructure = infrastructure;
        this.process = process;
        this.url = url;
    }

    /** Installs the pinned packages when they are missing, starts PostgreSQL, Redis and the server. */
    public static HandBuiltNode start(SystemStarter starter, Path projectDir, PrintStream out) {
        Path dir = projectDir.resolve(DIRECTORY);
        if (!Files.isRegularFile(dir.resolve("server.js"))) {
            throw new IllegalStateException("no hand-built Node server at " + dir);
        }
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            out.println("[bench] installing the hand-built server's pinned packages: npm ci in " + dir);
            run(dir, List.of("npm", "ci", "--no-audit", "--no-fund"), Duration.ofMinutes(5));
        }
        out.println("[bench] starting PostgreSQL and Redis for the hand-built Node server");
        SystemStarter.Infrastructure infra = starter.startInfrastructure();
        Process process = null;
        try {
            int port = freePort();
            URI pg = URI.create(infra.jdbcUrl().substring("jdbc:".length()));
            Path log = projectDir.resolve(".switchboard/bench-logs/hand-built-node.log");
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder("node", "server.js").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("PORT", Integer.toString(port));
            env.put("HOST", "127.0.0.1");
            env.put("PGHOST", pg.getHost());
            env.put("PGPORT", Integer.toString(pg.getPort()));
            env.put("PGDATABASE", pg.getPath().substring(1));
            env.put("PGUSER", infra.user());
            env.put("PGPASSWORD", infra.password());
            env.put("REDIS_URL", infra.redisUrl());
            process = pb.start();
            String url = "http://127.0.0.1:" + port;
            awaitReady(process, url, log, Duration.ofSeconds(30));
            out.println("[bench] hand-built Node server (pid " + process.pid() + ") on " + url + ", log " + log);
            return new HandBuiltNode(infra, process, url);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            infra.close();
            throw new IllegalStateException("the hand-built Node server did not start: " + e.getMessage(), e);
        }
    }

    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * What a run against it counts: the Node process, PostgreSQL with its backends and Redis (found by their
     * ports), and the bench for reference.
     */
    public CpuMeter cpuMeter() {
        return cpuMeter(process.pid(), portOf(infrastructure.jdbcUrl().substring("jdbc:".length())),
                portOf(infrastructure.redisUrl()));
    }

    /** The CPU meter of a hand-built server the bench did not start ({@code --api}): the Node process alone. */
    public static CpuMeter cpuMeter(long nodePid, int postgresPort, int redisPort) {
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, Boolean> children = new LinkedHashMap<>();
        pids.put("node", nodePid);
        if (postgresPort > 0) {
            ProcessProbe.pidListeningOn(postgresPort).ifPresent(p -> {
                pids.put("postgres", p);
                children.put("postgres", true);
            });
        }
        if (redisPort > 0) {
            ProcessProbe.pidListeningOn(redisPort).ifPresent(p -> pids.put("redis", p));
        }
        pids.put("bench", ProcessHandle.current().pid());
        return CpuMeter.of(pids, children);
    }

    private static int portOf(String url) {
        return URI.create(url).getPort();
    }

    @Override
    public void close() {
        try {
            Processes.stop(process, Duration.ofSeconds(5));
        } finally {
            infrastructure.close();
        }
    }

    private static void awaitReady(Process p, String url, Path log, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("it exited with " + p.exitValue() + "; see " + log);
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url + "/q/health/ready").toURL().openConnection();
                c.setConnectTimeout(200);
                c.setReadTimeout(500);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        throw new IllegalStateException("not ready after " + limit.toSeconds() + " s; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(Path dir, List<String> command, Duration limit) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO()
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed in " + dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}

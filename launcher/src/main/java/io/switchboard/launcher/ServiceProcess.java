package io.switchboard.launcher;

import io.switchboard.process.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service running as its own operating-system process, as in production: started from its
 * runnable jar, its output prefixed and kept in a log file, stoppable gracefully (SIGTERM) or
 * abruptly ({@code kill -9}) by the fault tests.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceSpec spec;
    private final String name;
    private final int port;
    private final Process process;
    private final Path logFile;

    private ServiceProcess(ServiceSpec spec, String name, int port, Process process, Path logFile) {
        this.spec = spec;
        this.name = name;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code spec}'s jar with the given environment; output lines go to {@code console}
     * (prefixed with the service name, or nowhere when null) and to {@code logDir/<name>.log}.
     */
    public static ServiceProcess start(Path projectDir, ServiceSpec spec, int port, Map<String, String> env,
                                       List<String> jvmOptions, Path logDir, PrintStream console) {
        return start(projectDir, spec, spec.shortName(), port, env, jvmOptions, logDir, console, false);
    }

    /**
     * Starts an instance named {@code name} (its log file and output prefix; a second instance of a
     * service needs its own). With {@code appendLog} a restarted instance keeps the lines of the one before.
     */
    public static ServiceProcess start(Path projectDir, ServiceSpec spec, String name, int port,
                                       Map<String, String> env, List<String> jvmOptions, Path logDir,
                                       PrintStream console, boolean appendLog) {
        Path jar = projectDir.resolve(spec.runnableJar());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(spec.module() + " is not built: " + jar
                    + " is missing (run ./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The service's own tuning first: a later option on the command line wins, so callers can override it.
        command.addAll(spec.jvmTuning());
        // "{service}" lets one option list name a per-service file, e.g. a class-data archive.
        jvmOptions.forEach(o -> command.add(o.replace("{service}", spec.shortName())));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(projectDir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        try {
            Files.createDirectories(logDir);
            Path logFile = logDir.resolve(name + ".log");
            if (!appendLog) {
                Files.deleteIfExists(logFile);
            }
            long echoFrom = Files.exists(logFile) ? Files.size(logFile) : 0;
            // The process writes its log file itself: a pipe read by this JVM loses the last lines when the
            // process exits (the JDK closes the pipe under a blocked reader), and those are the shutdown lines.
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Process p = pb.start();
            ServiceProcess sp = new ServiceProcess(spec, name, port, p, logFile);
            if (console != null) {
                sp.echoLog(console, echoFrom);
            }
            return sp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.module(), e);
        }
    }

    /** Follows the log file from {@code offset} and echoes each line to {@code console}, prefixed with the name. */
    private void echoLog(PrintStream console, long offset) {
        String prefix = String.format("[%-9s] ", name);
        Thread t = new Thread(() -> {
            try (InputStream in = Files.newInputStream(logFile)) {
                in.skipNBytes(offset);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                StringBuilder partial = new StringBuilder();
                while (true) {
                    int c = r.read();
                    if (c < 0) {
                        if (!process.isAlive() && !r.ready()) {
                            return;
                        }
                        Thread.sleep(50);
                    } else if (c == '\n') {
                        console.println(prefix + partial);
                        partial.setLength(0);
                    } else {
                        partial.append((char) c);
                    }
                }
            } catch (IOException e) {
                console.println(prefix + "(log echo stopped: " + e.getMessage() + "; see " + logFile + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "output-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** Waits until {@code /q/health/ready} answers 200, or fails naming the service and its log. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.module() + " exited with code " + process.exitValue()
                        + " while starting; see " + logFile);
            }
            try {
                if (HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + spec.module(), e);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + spec.module(), e);
            }
        }
        throw new IllegalStateException(spec.module() + " was not ready after " + timeout.toSeconds()
                + " s; see " + logFile);
    }

    /** Sends SIGTERM and waits for a graceful exit; kills it if it does not leave in time. */
    public void stop(Duration grace) {
        Processes.stop(process, grace);
    }

    /** {@code kill -9}: the process gets no chance to say goodbye to its clients. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public ServiceSpec spec() {
        return spec;
    }

    /** The instance name: the service's short name, or e.g. {@code admin-ws-2} for a second instance. */
    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Completes when the process exits, for whoever watches for a crash. */
    public java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }
}

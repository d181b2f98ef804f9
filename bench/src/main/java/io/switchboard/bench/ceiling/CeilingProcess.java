package io.switchboard.bench.ceiling;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling server as its own JVM, started with the same heap limit as a service: it then has
 * its own file-descriptor budget and its own RSS to measure, like a socket service.
 */
public final class CeilingProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private CeilingProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts it on a free port and waits until it listens. */
    public static CeilingProcess start(List<String> jvmOptions, int eventLoops, int history) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CeilingServer.class.getName());
        cmd.add("0");
        cmd.add(Integer.toString(eventLoops));
        cmd.add(Integer.toString(history));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Integer> ready = new CompletableFuture<>();
            Thread pump = new Thread(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("CEILING_READY ")) {
                            ready.complete(Integer.parseInt(line.substring(14).trim()));
                        }
                    }
                } catch (IOException ended) {
                    // process gone
                }
                ready.completeExceptionally(new IllegalStateException("ceiling server exited before it was ready"));
            }, "ceiling-output");
            pump.setDaemon(true);
            pump.start();
            int port = ready.get(60, TimeUnit.SECONDS);
            return new CeilingProcess(p, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the ceiling server", e);
        } catch (Exception e) {
            throw new IllegalStateException("the ceiling server did not start: " + e.getMessage(), e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
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

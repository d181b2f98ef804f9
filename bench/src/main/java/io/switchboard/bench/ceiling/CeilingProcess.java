package io.switchboard.bench.ceiling;

import io.switchboard.process.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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

    /** Starts it on a free port and waits until it accepts connections (its output goes to the bench's). */
    public static CeilingProcess start(List<String> jvmOptions, int eventLoops, int history) {
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CeilingServer.class.getName());
        cmd.add(Integer.toString(port));
        cmd.add(Integer.toString(eventLoops));
        cmd.add(Integer.toString(history));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the ceiling server", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!accepts(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException(p.isAlive() ? "the ceiling server did not listen within 60 s"
                        : "the ceiling server exited (code " + p.exitValue() + ") before it listened");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return new CeilingProcess(p, port);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the ceiling server", e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
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
        Processes.stop(process, Duration.ofSeconds(10));
    }
}

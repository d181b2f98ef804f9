package io.switchboard.launcher;

import io.switchboard.launcher.doctor.Doctor;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@code switchboard} command line: {@code up} runs the whole system locally. */
public final class Switchboard {
    /** The command's own output (a CLI prints, it does not log); UTF-8 for the ✓/✗ of doctor. */
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);
    private static final PrintStream ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
            StandardCharsets.UTF_8);

    private Switchboard() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "up" : args[0];
        String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
        int code = switch (command) {
            case "up" -> up(rest);
            case "doctor" -> doctor(rest);
            case "admin" -> new AdminCommand(System.getenv(), OUT, ERR, System.console()).run(rest);
            case "bench" -> io.switchboard.bench.Bench.run(rest, OUT, new BenchSystems(
                    Path.of(System.getProperty("switchboard.home", ".")).toAbsolutePath().normalize()));
            case "help", "--help", "-h" -> usage(0);
            default -> {
                ERR.println("unknown command: " + command);
                yield usage(2);
            }
        };
        System.exit(code);
    }

    private static int usage(int code) {
        PrintStream s = code == 0 ? OUT : ERR;
        s.println("""
                usage: ./switchboard <command>

                  up      run the whole system: PostgreSQL and Redis (embedded unless
                          QUARKUS_DATASOURCE_JDBC_URL / QUARKUS_REDIS_HOSTS are set) and the
                          three services on 8080, 8081, 8082. Ctrl-C stops everything.
                  doctor <base-url> [--token JWT] [--assistant-id N]
                          [--admin-ws URL] [--widget-ws URL]
                          [--site-token st_… --domain shop.example.com]
                          walk the chain a message travels (DNS, TCP, health, WebSocket
                          upgrade through proxies, SSE buffering, a probe message through
                          Redis, clocks, a site token on its page's domain) and name the
                          first broken link with its fix.
                  admin create-user <username> [--role admin|operator] [--display-name NAME]
                               [--password-file FILE | --password-env VARIABLE]
                  admin reset-password <username> [--password-file FILE | --password-env VARIABLE]
                          manage accounts in the database of QUARKUS_DATASOURCE_JDBC_URL (any profile):
                          the first production admin, a locked-out admin. The password is typed
                          twice without echo unless a file or variable holds it.
                  bench <scenario> [options]
                          open-loop load: s1..s5, datapath, startup, ceiling-server
                          (./switchboard bench help lists the options; docs/performance.md)

                environment:
                  SWITCHBOARD_API_PORT, SWITCHBOARD_ADMIN_WS_PORT, SWITCHBOARD_WIDGET_WS_PORT
                                          move a service to another port
                  SWITCHBOARD_PROFILE     Quarkus profile of the services (default: dev, which
                                          seeds admin/admin123 and a demo widget)
                  SWITCHBOARD_DATA_DIR    where the embedded database keeps its data
                                          (default: .switchboard/pgdata)
                """);
        return code;
    }

    private static int up(String[] args) {
        Path projectDir = Path.of(System.getProperty("switchboard.home", ".")).toAbsolutePath().normalize();
        LocalSystem.Builder builder = LocalSystem.builder(projectDir)
                .profile(env("SWITCHBOARD_PROFILE", "dev"))
                .postgresDataDir(Path.of(env("SWITCHBOARD_DATA_DIR",
                        projectDir.resolve(".switchboard/pgdata").toString())))
                .console(OUT)
                .progress((what, took) -> OUT.printf("  ✓ %s ready in %s%n", what, BuildProgress.duration(took.toNanos())));
        if (Runtime.version().feature() >= 19) {
            // A class-data archive per service, written by the JVM on the first run and mapped on every
            // later one: the socket services become ready in about 1 s instead of 1.3-1.7 s
            // (docs/performance.md). JDK 17 has no automatic archive, so it starts without one.
            Path cds = projectDir.resolve(".switchboard/cds");
            try {
                Files.createDirectories(cds);
                builder.addJvmOptions(List.of("-XX:+AutoCreateSharedArchive",
                        "-XX:SharedArchiveFile=" + cds.resolve("{service}.jsa")));
            } catch (IOException e) {
                OUT.println("No class-data archive (" + e.getMessage() + "); services start without one.");
            }
        }
        for (ServiceSpec s : ServiceSpec.values()) {
            int port = Integer.parseInt(env(s.portVariable(), Integer.toString(s.defaultPort())));
            if (!isFree(port)) {
                ERR.printf("port %d is taken by another process, so %s cannot start there.%n"
                        + "Stop that process or choose another port: %s=<port> ./switchboard up%n",
                        port, s.module(), s.portVariable());
                return 1;
            }
            builder.port(s, port);
        }
        OUT.println("Starting PostgreSQL, Redis and the three services (each one's output follows, prefixed with its name)...");
        long starting = System.nanoTime();
        LocalSystem system = builder.create();
        // Registered before anything starts: Ctrl-C or a SIGTERM during start-up stops every process started so
        // far (and nothing more starts), instead of leaving them running without their launcher.
        // Set before the services are stopped: their exits during Ctrl-C are expected, not news.
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            if (!system.isClosed()) {
                OUT.println("Stopping Switchboard...");
                system.close();
            }
        }, "switchboard-stop"));
        try {
            system.start();
            OUT.println("  ✓ everything ready in " + BuildProgress.duration(System.nanoTime() - starting));
        } catch (RuntimeException e) {
            if (stopping.get()) {
                ERR.println("Stopped while starting; every process started so far is stopped.");
            } else {
                ERR.println("Switchboard did not start: " + e.getMessage());
            }
            return 1;
        }

        String api = system.publicUrl(ServiceSpec.MESSAGE_API);
        OUT.printf("""

                Switchboard is up.
                  Admin dashboard   %1$s/admin/      (dev login: admin / admin123)
                  Widget demo page  %1$s/demo/
                  REST API          %1$s/api/        (OpenAPI: %1$s/q/openapi)
                  admin-ws          %2$s/ws
                  widget-ws         %3$s/ws/widget/dialogs/{id}
                  Logs              %4$s
                Press Ctrl-C to stop everything.

                """, api, system.publicUrl(ServiceSpec.ADMIN_WS), system.publicUrl(ServiceSpec.WIDGET_WS),
                projectDir.resolve(".switchboard/logs"));

        ServiceProcess died = system.anyServiceExit().join();
        if (!stopping.get()) {
            ERR.printf("%s exited unexpectedly; see %s. Stopping the rest.%n",
                    died.spec().module(), died.logFile());
            return 1;
        }
        return 0;
    }

    private static int doctor(String[] args) {
        if (args.length == 0 || args[0].startsWith("--")) {
            ERR.println("usage: ./switchboard doctor <base-url> [--token JWT] [--assistant-id N]"
                    + " [--admin-ws URL] [--widget-ws URL] [--site-token TOKEN --domain HOST]");
            return 2;
        }
        String token = null;
        String adminWs = null;
        String widgetWs = null;
        Long assistantId = null;
        String siteToken = null;
        String domain = null;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--token" -> token = value;
                case "--admin-ws" -> adminWs = value;
                case "--widget-ws" -> widgetWs = value;
                case "--assistant-id" -> assistantId = value == null ? null : Long.valueOf(value);
                case "--site-token" -> siteToken = value;
                case "--domain" -> domain = value;
                default -> {
                    ERR.println("unknown option: " + args[i]);
                    return 2;
                }
            }
            i++;
        }
        return new Doctor(URI.create(args[0]), new Doctor.Options(token, adminWs, widgetWs, assistantId, siteToken, domain),
                OUT).run();
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}

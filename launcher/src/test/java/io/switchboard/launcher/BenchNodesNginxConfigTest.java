package io.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.infra.NginxFront;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nginx config {@code bench --start --nodes 2} runs (BenchSystems): the shipped deploy/nginx files with one
 * {@code server} line per node in each upstream and the per-address edge limits taken out, checked by a real
 * {@code nginx -t}. The bench starts nginx with exactly this config; a shipped file that changes so that the bench
 * could no longer adapt it fails here, not in the coordinator's measurement.
 */
class BenchNodesNginxConfigTest {
    private static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;

    @Test
    void nginxAcceptsTheConfigWithTwoNodesPerServiceAndEveryNodeIsAnUpstreamServer() throws Exception {
        Path nginx = nginx();
        NginxFront.writeConfig(PROJECT, dir, 18000, new NginxFront.Upstreams(List.of(18001, 18002),
                List.of(18011, 18012), List.of(18021, 18022)), BenchSystems.NGINX_WORKERS, BenchSystems::withoutEdgeLimits);

        Process check = new ProcessBuilder(NginxFront.command(nginx, dir, "-t")).redirectErrorStream(true).start();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(said).isZero();
        assertThat(said).contains("syntax is ok").contains("test is successful");

        String upstreams = Files.readString(dir.resolve("switchboard-upstreams.conf"));
        assertThat(upstreams).containsSubsequence("upstream switchboard_api {", "server 127.0.0.1:18001;",
                "server 127.0.0.1:18002;", "keepalive 16;", "upstream switchboard_admin_ws {", "server 127.0.0.1:18011;",
                "server 127.0.0.1:18012;", "upstream switchboard_widget_ws {", "server 127.0.0.1:18021;",
                "server 127.0.0.1:18022;").doesNotContain(":8080", ":8081", ":8082");
        String main = Files.readString(dir.resolve("nginx.conf"));
        assertThat(main).contains("worker_processes 2;", "worker_connections 16384;", "worker_rlimit_nofile 16448;");
    }

    @Test
    void theBenchsCopyDropsOnlyThePerAddressEdgeLimits() throws IOException {
        String shipped = Files.readString(PROJECT.resolve("deploy/nginx/switchboard.conf"));
        String bench = BenchSystems.withoutEdgeLimits(shipped);

        assertThat(shipped).contains("limit_req zone=switchboard_streams burst=30 nodelay;", "limit_conn switchboard_conn 200;");
        assertThat(bench).doesNotContain("limit_req zone=", "limit_conn switchboard_conn");
        // everything a client's path depends on stays as shipped
        assertThat(bench).contains("proxy_set_header Upgrade $websocket_upgrade;", "proxy_read_timeout 3600s;",
                "proxy_buffering off;", "location ~ ^/ws/(widget|site)/dialogs/[^/]+$ {",
                "access_log /var/log/nginx/switchboard-access.log switchboard_noquery;");
        assertThat(bench.lines().count()).isEqualTo(shipped.lines().count()
                - shipped.lines().filter(l -> l.trim().startsWith("limit_req zone=") || l.trim().startsWith("limit_conn "))
                .count());
    }

    @Test
    void aShippedConfigWithoutTheEdgeLimitsIsRefusedInsteadOfRunUnchanged() {
        assertThatThrownBy(() -> BenchSystems.withoutEdgeLimits("server { listen 80; }"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("edge limits");
    }

    /** nginx, or a skip saying how to install it (under CI a failure: the bench's config must be proven there). */
    private static Path nginx() {
        java.util.Optional<Path> found = NginxFront.binary();
        if (found.isEmpty()) {
            String ci = System.getenv("CI");
            assertThat(ci == null || ci.isBlank() || ci.equalsIgnoreCase("false"))
                    .as("nginx is not installed; under CI this test must run (apt-get install -y nginx)").isTrue();
            Assumptions.abort("nginx is not installed (apt-get install -y nginx); skipped outside CI");
        }
        return found.get();
    }
}

package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules as Prometheus itself reads them ({@code promtool}, from Debian's
 * {@code prometheus} package): the PromQL and templates parse, and each alert fires on synthetic
 * series showing its symptom and stays quiet on healthy ones (alert-rules-test.yaml).
 */
class PrometheusRulesTest {

    @TempDir
    Path dir;

    @Test
    void alertRulesAndTheirTemplatesParseAsPrometheusRules() throws IOException {
        Path promtool = RequiredTool.require("promtool", "apt-get install -y --no-install-recommends prometheus");
        Path rules = writeRuleGroups(false);

        ProcessRun check = ProcessRun.run(60, List.of(promtool.toString(), "check", "rules", rules.toString()));

        assertThat(check.succeeded()).as(check.describe()).isTrue();
        assertThat(check.stdout()).contains("SUCCESS: 10 rules found");
    }

    @Test
    void everyAlertFiresOnItsSymptomAndStaysQuietOnHealthyNumbers() throws IOException {
        Path promtool = RequiredTool.require("promtool", "apt-get install -y --no-install-recommends prometheus");
        writeRuleGroups(true);
        Path tests = dir.resolve("alert-rules-test.yaml");
        try (InputStream in = getClass().getResourceAsStream("/alert-rules-test.yaml")) {
            Files.copy(in, tests);
        }

        ProcessRun run = ProcessRun.run(60, List.of(promtool.toString(), "test", "rules", tests.toString()));

        assertThat(run.succeeded()).as(run.describe()).isTrue();
        assertThat(run.stdout()).contains("SUCCESS");
    }

    /**
     * The groups of the rendered PrometheusRule as a plain Prometheus rule file. Without
     * annotations for the unit tests, which compare labels only (annotations carry $value).
     */
    private Path writeRuleGroups(boolean withoutAnnotations) throws IOException {
        List<ObjectNode> rules = RenderedOverlay.render("monitoring").all("PrometheusRule");
        assertThat(rules).hasSize(1);
        ObjectNode file = RenderedOverlay.YAML.createObjectNode();
        ArrayNode groups = rules.get(0).path("spec").path("groups").deepCopy();
        if (withoutAnnotations) {
            for (JsonNode group : groups) {
                for (JsonNode rule : group.path("rules")) {
                    ((ObjectNode) rule).remove("annotations");
                }
            }
        }
        file.set("groups", groups);
        Path path = dir.resolve("rules.yaml");
        RenderedOverlay.YAML.writeValue(path.toFile(), file);
        return path;
    }
}

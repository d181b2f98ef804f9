package io.switchboard.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * An external program a deploy test runs (kubectl, nginx). On a developer's machine a missing
 * one skips the test with the install command; under CI ({@code CI} set) it fails, because CI
 * must prove the deployment files, not skip them.
 */
final class RequiredTool {

    private RequiredTool() {
    }

    /** The program's path, or a skip (locally) / failure (CI) saying how to install it. */
    static Path require(String program, String installHint) {
        Optional<Path> found = find(program);
        if (found.isPresent()) {
            return found.get();
        }
        String message = program + " is not installed (" + installHint + ")";
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            fail(message + "; under CI this test must run: .ci/run has to install it");
        }
        Assumptions.abort(message + "; skipped outside CI");
        throw new AssertionError("unreachable");
    }

    static Optional<Path> find(String program) {
        List<String> dirs = new ArrayList<>();
        String pathVar = System.getenv("PATH");
        if (pathVar != null) {
            dirs.addAll(List.of(pathVar.split(File.pathSeparator)));
        }
        // nginx lives in /usr/sbin, which is not on every user's PATH.
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

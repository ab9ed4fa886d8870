package dev.portcullis.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a real peer's executable or fails the test with the command that installs it. A missing
 * tool is a failure, never a skip (the brief: "a skipped test that hides a missing tool is a defect").
 */
public final class RequiredTool {
    private static final List<String> PATH = List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin")
            .concat(":/usr/sbin:/sbin:/usr/local/sbin:/usr/local/bin").split(":"));

    private RequiredTool() {
    }

    /**
     * The absolute path of {@code executable}.
     *
     * @param debianPackage the package that provides it, named in the failure message
     * @throws AssertionError if it is not installed
     */
    public static Path require(String executable, String debianPackage) {
        for (String dir : PATH) {
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError(executable + " is not installed, and this test needs the real thing. "
                + "Install it with: apt-get install -y " + debianPackage + " (.ci/run does this on CI)");
    }
}

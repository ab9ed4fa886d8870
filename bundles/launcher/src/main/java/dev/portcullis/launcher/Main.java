package dev.portcullis.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line entry point, started by {@code bin/portcullis}:
 * <pre>
 *   portcullis [--dist DIR] run   [--home DIR]
 *   portcullis [--dist DIR] admin [--home DIR] &lt;gogo command...&gt;
 *   portcullis [--dist DIR] stop  [--home DIR]
 *   portcullis help
 * </pre>
 * {@code --dist} is the distribution folder (the script passes its own); {@code --home} defaults to it.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path dist = null;
        Path home = null;
        String command = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            boolean optionsAllowed = command == null || rest.isEmpty();
            if (optionsAllowed && (a.equals("--dist") || a.equals("--home"))) {
                if (i + 1 >= args.length) {
                    err.println("portcullis: " + a + " needs a directory");
                    return 2;
                }
                Path p = Path.of(args[++i]).toAbsolutePath().normalize();
                if (a.equals("--dist")) {
                    dist = p;
                } else {
                    home = p;
                }
            } else if (command == null) {
                command = a;
            } else {
                rest.add(a);
            }
        }
        if (command == null || command.equals("help") || command.equals("--help") || command.equals("-h")) {
            out.print(usage());
            return command == null ? 2 : 0;
        }
        if (dist == null) {
            dist = home;
        }
        if (home == null) {
            home = dist;
        }
        if (home == null) {
            err.println("portcullis: no --home given (the bin/portcullis script passes the distribution folder)");
            return 2;
        }
        try {
            switch (command) {
                case "run":
                    if (!rest.isEmpty()) {
                        err.println("portcullis run: unexpected arguments " + rest);
                        return 2;
                    }
                    return new Host(HomeLayout.prepare(home, dist), out).runUntilStopped();
                case "admin":
                    if (rest.isEmpty()) {
                        err.println("portcullis admin: give a Gogo command, e.g. 'portcullis admin lb'");
                        return 2;
                    }
                    return AdminClient.command(HomeLayout.adminSocket(home), GogoQuoting.join(rest), out, err);
                case "stop":
                    return AdminClient.stop(HomeLayout.adminSocket(home), out, err);
                default:
                    err.println("portcullis: unknown command '" + command + "'");
                    err.print(usage());
                    return 2;
            }
        } catch (LauncherException e) {
            err.println("portcullis: " + e.getMessage());
            return e.exitStatus();
        } catch (IOException e) {
            err.println("portcullis: " + e);
            return 1;
        }
    }

    static String usage() {
        return """
                Usage: portcullis <command> [--home DIR] [arguments]

                  run   [--home DIR]            start the host (Apache Felix) in the foreground; DIR defaults
                                                to the distribution; a missing DIR is created from its etc/
                  admin [--home DIR] COMMAND..  run one Gogo command in the running host (e.g. 'lb', 'scr:list',
                                                'help'); its output on stdout, or why it failed on stderr
                  stop  [--home DIR]            stop the running host cleanly
                  help                          this text

                The host reads etc/*.cfg (one file per configuration PID, Java properties), deploys bundles
                dropped into plugins/, logs to data/log/portcullis.log and listens for admin commands on
                the owner-only Unix socket data/admin.sock.

                Exit status of admin and stop: 0 done; 1 the command failed (e.g. portcullis:ping got no pong);
                2 unknown command or wrong arguments; 3 no host is running with that home.
                """;
    }

    /** True when {@code dir} exists and holds at least one file. */
    static boolean hasFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }
}

package dev.portcullis.checker;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./portcullis tlsa ...} and {@code ./portcullis posh ...}: the DNS and HTTPS records an administrator
 * publishes so that peers prove the server's certificate by DANE (RFC 7673) or POSH (RFC 7711). Exit status: 0
 * printed; 1 an input cannot be used; 2 usage error.
 */
public final class RecordsMain {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private RecordsMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : java.util.Arrays.copyOfRange(args, 1, args.length);
        return switch (command) {
            case "tlsa" -> TlsaCommand.run(rest, out, err);
            case "posh" -> PoshCommand.run(rest, out, err);
            default -> {
                err.println("portcullis: expected 'tlsa' or 'posh', got '" + command + "'");
                yield USAGE;
            }
        };
    }

    /** Prints the usage error (or the help, for {@code --help}) and returns the exit status. */
    static int usage(String command, CheckOptions.UsageException e, String usage, PrintStream err) {
        if (!e.getMessage().isEmpty()) {
            err.println("portcullis " + command + ": " + e.getMessage());
            err.println();
        }
        err.println(usage);
        return e.getMessage().isEmpty() ? OK : USAGE;
    }

    static String value(String option, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new CheckOptions.UsageException(option + " needs a value");
        }
        return rest.remove(0);
    }

    static int port(String option, String v) {
        int p;
        try {
            p = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new CheckOptions.UsageException(option + " expects a port number, got '" + v + "'");
        }
        if (p < 1 || p > 65535) {
            throw new CheckOptions.UsageException(option + " port out of range: " + v);
        }
        return p;
    }

    /** The one positional argument: the certificate file. */
    static Path certificate(String arg, Path already) {
        if (arg.startsWith("-")) {
            throw new CheckOptions.UsageException("unknown option " + arg);
        }
        if (already != null) {
            throw new CheckOptions.UsageException("one certificate file only (got " + already + " and " + arg + ")");
        }
        return Path.of(arg);
    }
}

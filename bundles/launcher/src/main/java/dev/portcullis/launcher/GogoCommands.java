package dev.portcullis.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.osgi.framework.BundleContext;

/**
 * Runs one Gogo command line in the host, in a fresh session, and captures what it printed.
 * Reaches {@code org.apache.felix.service.command.CommandProcessor} through {@link OsgiServices} (see there why).
 */
final class GogoCommands {

    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    /** {@code Converter.INSPECT}: how Gogo's own shell prints a command's result. */
    private static final int INSPECT = 0;
    /** Gogo's exception for a command line naming no command (gogo.runtime, reached by name: see OsgiServices). */
    private static final String COMMAND_NOT_FOUND = "org.apache.felix.gogo.runtime.CommandNotFoundException";

    private final BundleContext context;

    GogoCommands(BundleContext context) {
        this.context = context;
    }

    /**
     * What a command printed, and how it ended.
     *
     * @param status {@link AdminProtocol#OK}, {@link AdminProtocol#FAILED} or {@link AdminProtocol#USAGE}
     */
    record Result(byte status, String output) {
        Result {
            if (status != AdminProtocol.OK && status != AdminProtocol.FAILED && status != AdminProtocol.USAGE) {
                throw new IllegalArgumentException("admin status " + status + " is none of 0, 1, 2");
            }
        }
    }

    Result execute(String commandLine) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        try {
            Optional<Byte> ran = OsgiServices.withService(context, PROCESSOR, (api, processor) -> {
                Method create = api.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class);
                Object session = create.invoke(processor, new ByteArrayInputStream(new byte[0]), out, out);
                Class<?> sessionType = api.getClassLoader().loadClass("org.apache.felix.service.command.CommandSession");
                try {
                    Object result = sessionType.getMethod("execute", CharSequence.class).invoke(session, commandLine);
                    if (result != null) {
                        Object text = sessionType.getMethod("format", Object.class, int.class).invoke(session, result, INSPECT);
                        out.println(text);
                    }
                    return AdminProtocol.OK;
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                    out.println("Error: " + message);
                    return statusOf(cause);
                } finally {
                    sessionType.getMethod("close").invoke(session);
                }
            });
            out.flush();
            if (ran.isEmpty()) {
                return new Result(AdminProtocol.FAILED, "Error: the Gogo shell (org.apache.felix.gogo.runtime) is not running in the host;"
                        + " check system/ and data/log/portcullis.log\n");
            }
            return new Result(ran.get(), buffer.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            out.flush();
            return new Result(AdminProtocol.FAILED, buffer.toString(StandardCharsets.UTF_8) + "Error: " + e + "\n");
        }
    }

    /**
     * A command that does not exist, or arguments no method of it takes (Gogo's "Cannot coerce ...", and a
     * command's own {@link IllegalArgumentException}), is a usage error; anything else thrown is a failure.
     */
    static byte statusOf(Throwable thrown) {
        return thrown instanceof IllegalArgumentException || COMMAND_NOT_FOUND.equals(thrown.getClass().getName())
                ? AdminProtocol.USAGE : AdminProtocol.FAILED;
    }
}

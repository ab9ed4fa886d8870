package dev.portcullis.it.runtime;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/**
 * The Pax Exam container made of the built distribution: every jar of its {@code system/} and
 * {@code plugins/}, installed from the files the distribution ships (so the test runs what users run).
 */
final class DistributionOptions {
    private DistributionOptions() {
    }

    static Option[] options(String label) throws IOException {
        Path dist = Path.of(System.getProperty("portcullis.dist"));
        Path work = Files.createDirectories(Path.of(System.getProperty("portcullis.homes"), label));
        List<Option> options = new ArrayList<>();
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("INFO"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        // the distribution's etc/gosh_profile, as the launcher uses it (Gogo's default one fails without a terminal)
        options.add(frameworkProperty("gosh.home").value(dist.toString()));
        options.add(frameworkProperty("felix.fileinstall.dir").value(Files.createDirectories(work.resolve("load")).toString()));
        for (Path jar : jars(dist.resolve("system"))) {
            options.add(bundle(jar.toUri().toString()));
        }
        for (Path jar : jars(dist.resolve("plugins"))) {
            options.add(bundle(jar.toUri().toString()));
        }
        options.add(junitBundles());
        options.add(cleanCaches());
        return options.toArray(new Option[0]);
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }
}

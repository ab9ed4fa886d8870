package dev.portcullis.openfire;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the plugin finds and keeps things.
 *
 * @param shipped the extracted plugin's {@code bundles/} folder (Openfire re-extracts it on every load)
 * @param home    {@code <openfireHome>/portcullis}: state that outlives a plugin reload
 */
record PluginLayout(Path shipped, Path home) {
    PluginLayout {
        Objects.requireNonNull(shipped, "shipped");
        Objects.requireNonNull(home, "home");
    }

    /** Framework bundles (ConfigAdmin, SCR, FileInstall...), installed by the plugin itself. */
    Path system() {
        return home.resolve("system");
    }

    /** Security bundles and their libraries: FileInstall watches this folder, as in the reference host's plugins/. */
    Path bundles() {
        return home.resolve("bundles");
    }

    /** Felix's bundle cache: the bundles' data areas (certificate memory, dialback secret) survive reloads. */
    Path felixCache() {
        return home.resolve("felix-cache");
    }

    Path tmp() {
        return home.resolve("tmp");
    }
}

package dev.portcullis.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * Versioned schema migrations: plain SQL files {@code migration/V<n>__<what>.sql} in this bundle, applied in
 * order, each recorded with its SHA-256 in {@code portcullis_schema_version}. All of it runs in one transaction
 * under a transaction-scoped advisory lock, so nodes starting together migrate once, one after the other, and a
 * failed migration leaves the schema as it was. (Flyway has no OSGi headers; the bundle does the few steps itself.)
 */
final class SchemaMigrations {
    /** In order; a new migration is appended, never edited once released (its checksum is checked). */
    static final List<String> SCRIPTS = List.of("V1__shared_entries.sql");
    /** pg_advisory_xact_lock key: "portcullis schema" as a number, the same on every node. */
    static final long LOCK = 0x706f7274637573L;

    private SchemaMigrations() {
    }

    static int latest() {
        return SCRIPTS.size();
    }

    /** Migrates to {@link #latest()}; returns the version in force afterwards. */
    static int migrate(Connection c, String node) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            st.execute("CREATE TABLE IF NOT EXISTS portcullis_schema_version (version integer PRIMARY KEY, "
                    + "script text NOT NULL, sha256 text NOT NULL, applied_by text NOT NULL, "
                    + "applied_at timestamptz NOT NULL DEFAULT now())");
            int current = 0;
            try (ResultSet rs = st.executeQuery("SELECT version, script, sha256 FROM portcullis_schema_version ORDER BY version")) {
                while (rs.next()) {
                    int v = rs.getInt(1);
                    if (v > latest()) {
                        throw new SQLException("the store's schema is at version " + v + ", newer than this node's "
                                + "bundle knows (" + latest() + "): update portcullis-store on this node to the version "
                                + "the other nodes run");
                    }
                    String expected = sha256(script(SCRIPTS.get(v - 1)));
                    if (!expected.equals(rs.getString(3))) {
                        throw new SQLException("schema migration " + rs.getString(2) + " was applied with another "
                                + "content (checksum " + rs.getString(3) + ", this bundle has " + expected + "): the nodes "
                                + "run different builds of portcullis-store; run the same release everywhere");
                    }
                    current = v;
                }
            }
            for (int v = current + 1; v <= latest(); v++) {
                String name = SCRIPTS.get(v - 1);
                String sql = script(name);
                st.execute(sql);
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO portcullis_schema_version (version, script, sha256, applied_by) VALUES (?, ?, ?, ?)")) {
                    ps.setInt(1, v);
                    ps.setString(2, name);
                    ps.setString(3, sha256(sql));
                    ps.setString(4, node);
                    ps.executeUpdate();
                }
            }
            c.commit();
            return latest();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    static String script(String name) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream("migration/" + name)) {
            if (in == null) {
                throw new IllegalStateException("migration " + name + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + name, e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}

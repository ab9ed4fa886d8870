package dev.portcullis.demo;

import dev.portcullis.api.stream.StreamView;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scene saw and concluded: the streams to show, and each check with its outcome. A scene passes when
 * every check holds.
 */
final class SceneResult {
    /** One expectation and whether it held; {@code detail} says what was seen instead. */
    record Check(boolean ok, String expectation, String detail) {
    }

    private final List<Check> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private List<StreamView> rows = List.of();
    private String tableCaption = "";

    SceneResult check(boolean ok, String expectation, String detailIfNot) {
        checks.add(new Check(ok, expectation, ok ? null : detailIfNot));
        return this;
    }

    /** A line of evidence worth showing (e.g. the host's log line citing the RFC). */
    SceneResult note(String line) {
        notes.add(line);
        return this;
    }

    SceneResult table(String caption, List<StreamView> streams) {
        this.tableCaption = caption;
        this.rows = List.copyOf(streams);
        return this;
    }

    List<Check> checks() {
        return List.copyOf(checks);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    List<StreamView> rows() {
        return rows;
    }

    String tableCaption() {
        return tableCaption;
    }

    boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
    }
}

package dev.portcullis.testkit.host;

/**
 * What one admin (Gogo) command answered.
 *
 * @param ok     false when the command failed (the launcher's {@code portcullis admin} then exits 1)
 * @param output what the command printed, and its formatted result
 */
public record AdminResult(boolean ok, String output) {
}

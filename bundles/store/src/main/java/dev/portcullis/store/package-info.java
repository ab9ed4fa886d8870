/**
 * The shared store bundle: {@code dev.portcullis.store} configuration, the PostgreSQL {@code SharedStore} with
 * its schema migrations and change notifications, and the {@code portcullis:store} command (docs/STORE.md).
 */
package dev.portcullis.store;

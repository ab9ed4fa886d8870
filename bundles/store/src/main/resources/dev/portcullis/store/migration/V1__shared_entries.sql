-- Shared federation state (docs/STORE.md): one row per entry of a namespace owned by a bundle
-- (certificate-memory, verification/<configuration>, dialback-replay, dialback-secret-check).
CREATE TABLE portcullis_entry (
    namespace  text        NOT NULL,
    key        text        NOT NULL,
    value      text        NOT NULL,
    written_by text        NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    PRIMARY KEY (namespace, key)
);
CREATE INDEX portcullis_entry_expiry ON portcullis_entry (expires_at) WHERE expires_at IS NOT NULL;

-- Nodes that wrote a heartbeat (portcullis:store "members").
CREATE TABLE portcullis_member (
    node       text        PRIMARY KEY,
    started_at timestamptz NOT NULL DEFAULT now(),
    seen_at    timestamptz NOT NULL DEFAULT now()
);

-- Every change is announced on channel portcullis_store, in the same transaction, so the other nodes drop or
-- refresh their in-memory copy at once. Payload: namespace, writer, key, separated by U+001F.
CREATE FUNCTION portcullis_entry_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portcullis_store', NEW.namespace || chr(31) || NEW.written_by || chr(31) || NEW.key);
    RETURN NULL;
END;
$$;
CREATE TRIGGER portcullis_entry_changed AFTER INSERT OR UPDATE ON portcullis_entry
    FOR EACH ROW EXECUTE FUNCTION portcullis_entry_notify();

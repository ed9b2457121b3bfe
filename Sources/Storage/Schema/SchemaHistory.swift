/// Every schema version this binary knows, oldest first. Released migrations are never edited: a change to
/// the schema is a new migration appended at the end.
enum SchemaHistory {
    static let migrations: [Migration] = [version1, version2, version3]

    static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Configurations, vulnerabilities, tickets with their links, and Discussion comments.
    static let version1 = Migration(
        version: 1, summary: "configurations, vulnerabilities, tickets, discussion", sql: """
        CREATE TABLE storage_metadata (
            key TEXT PRIMARY KEY,
            value BLOB NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE configurations (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE,
            revision INTEGER NOT NULL,
            settings TEXT NOT NULL,
            sealed_personal_access_token BLOB,
            sealed_webhook_token BLOB,
            last_connection_test TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            deleted_at INTEGER
        );
        CREATE UNIQUE INDEX configurations_live_name ON configurations (name) WHERE deleted_at IS NULL;

        CREATE TABLE configuration_applications (
            configuration_id TEXT NOT NULL REFERENCES configurations (id) ON DELETE CASCADE,
            application_id TEXT NOT NULL,
            PRIMARY KEY (configuration_id, application_id)
        ) WITHOUT ROWID;
        CREATE INDEX configuration_applications_application ON configuration_applications (application_id);

        CREATE TABLE vulnerabilities (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            application_id TEXT NOT NULL,
            application_name TEXT NOT NULL,
            title TEXT NOT NULL,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,
            status TEXT NOT NULL,
            description TEXT,
            url TEXT,
            details TEXT,
            reported_first_seen_at INTEGER,
            discovered_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX vulnerabilities_application ON vulnerabilities (application_id, seq);
        CREATE INDEX vulnerabilities_status ON vulnerabilities (status, seq);

        CREATE TABLE tickets (
            id TEXT PRIMARY KEY,
            configuration_id TEXT NOT NULL REFERENCES configurations (id),
            lifecycle TEXT NOT NULL CHECK (lifecycle IN ('pending', 'created', 'failed')),
            marker TEXT NOT NULL UNIQUE,
            origin TEXT NOT NULL CHECK (origin IN ('manual', 'auto')),
            project TEXT NOT NULL,
            work_item_type TEXT NOT NULL,
            work_item_id INTEGER,
            url TEXT,
            state TEXT,
            open INTEGER NOT NULL DEFAULT 1,
            last_revision INTEGER NOT NULL DEFAULT 0,
            failure_reason TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX tickets_work_item ON tickets (configuration_id, work_item_id)
            WHERE work_item_id IS NOT NULL;
        CREATE INDEX tickets_configuration_open ON tickets (configuration_id, open);
        CREATE INDEX tickets_pending ON tickets (created_at) WHERE lifecycle = 'pending';

        CREATE TABLE ticket_vulnerabilities (
            ticket_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
            vulnerability_id TEXT NOT NULL REFERENCES vulnerabilities (id),
            position INTEGER NOT NULL,
            PRIMARY KEY (ticket_id, vulnerability_id)
        ) WITHOUT ROWID;
        CREATE INDEX ticket_vulnerabilities_vulnerability ON ticket_vulnerabilities (vulnerability_id, ticket_id);

        CREATE TABLE discussion_comments (
            seq INTEGER PRIMARY KEY,
            vulnerability_id TEXT NOT NULL REFERENCES vulnerabilities (id),
            at INTEGER NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX discussion_comments_vulnerability ON discussion_comments (vulnerability_id, seq);
        """
    )

    /// De-duplication of webhook deliveries and of calls that carry an idempotency key.
    static let version2 = Migration(version: 2, summary: "webhook deliveries, idempotency keys", sql: """
        CREATE TABLE webhook_deliveries (
            configuration_id TEXT NOT NULL REFERENCES configurations (id),
            subscription_id TEXT NOT NULL,
            notification_id TEXT NOT NULL,
            outcome TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (configuration_id, subscription_id, notification_id)
        ) WITHOUT ROWID;
        CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);

        CREATE TABLE idempotency_keys (
            key TEXT PRIMARY KEY,
            method TEXT NOT NULL,
            params_hash TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('inFlight', 'completed')),
            result TEXT,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
        """)

    /// The durable job queue that automatic ticket creation and background sync run from.
    static let version3 = Migration(version: 3, summary: "job queue", sql: """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            unique_key TEXT UNIQUE,
            state TEXT NOT NULL CHECK (state IN ('queued', 'leased', 'succeeded', 'dead')),
            attempts INTEGER NOT NULL DEFAULT 0,
            max_attempts INTEGER NOT NULL,
            run_at INTEGER NOT NULL,
            lease_token TEXT,
            lease_expires_at INTEGER,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX jobs_queued ON jobs (run_at, id) WHERE state = 'queued';
        CREATE INDEX jobs_leased ON jobs (lease_expires_at, id) WHERE state = 'leased';
        CREATE INDEX jobs_state ON jobs (state, kind);
        """)
}

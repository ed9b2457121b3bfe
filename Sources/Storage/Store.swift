import Crypto
import Foundation
import Logging
import SQLite

/// Everything the service keeps: the database and one repository per kind of record.
///
/// Loop-confined, like the `Database` it holds. Open it once at start-up with `Store.open`.
public final class Store {
    public let database: Database
    public let configurations: ConfigurationRepository
    public let vulnerabilities: VulnerabilityRepository
    public let tickets: TicketRepository
    public let discussion: DiscussionRepository
    public let webhookDeliveries: WebhookDeliveryRepository
    public let idempotencyKeys: IdempotencyKeyRepository
    public let jobs: JobQueue

    init(database: Database) {
        self.database = database
        self.configurations = ConfigurationRepository(database: database)
        self.vulnerabilities = VulnerabilityRepository(database: database)
        self.tickets = TicketRepository(database: database)
        self.discussion = DiscussionRepository(database: database)
        self.webhookDeliveries = WebhookDeliveryRepository(database: database)
        self.idempotencyKeys = IdempotencyKeyRepository(database: database)
        self.jobs = JobQueue(database: database)
    }

    /// Opens (or creates) the database at `databasePath`, checks the secret key, and migrates the schema.
    ///
    /// The checks run before anything is written, so a refused start-up leaves both files as they were:
    /// - a database written by a newer binary is refused;
    /// - an existing database needs the key file it was created with; a missing, wrong or readable-by-others
    ///   key file is refused;
    /// - a new database gets a new key file (mode 0600) when none exists.
    ///
    /// One process uses a database at a time: opening it releases what a stopped process left held
    /// (idempotency keys in flight, job leases).
    /// - Throws: `StorageError` of kind `cannotOpen` with a message that says what to do.
    public static func open(
        databasePath: String,
        keyFilePath: String,
        busyTimeoutMilliseconds: Int32 = Database.defaultBusyTimeoutMilliseconds,
        logger: Logger = Logger(label: "storage")
    ) throws -> Store {
        let opener = StoreOpener(databasePath: databasePath, keyFilePath: keyFilePath, logger: logger)
        let database = try opener.open(busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        let store = Store(database: database)

        // Nothing can be in flight in a process that has just started: a key left in flight by a crash
        // would otherwise block its retry until it expires.
        let released = try store.idempotencyKeys.releaseAllInFlight()
        if released > 0 {
            logger.notice("released idempotency keys left in flight", ["idempotency.released": released])
        }
        // Likewise a job leased by a process that was killed runs again now, not when its lease runs out.
        let expired = try store.jobs.expireAllLeases()
        if expired > 0 {
            logger.notice("ended job leases left by a stopped process", ["jobs.released": expired])
        }
        return store
    }
}

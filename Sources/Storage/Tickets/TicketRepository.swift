import Domain
import Foundation
import SQLite

/// Tickets and their many-to-many links to vulnerabilities.
public struct TicketRepository {
    let database: Database

    private var connection: Connection { database.connection }

    private static let columns = """
        t.id, t.configuration_id, t.lifecycle, t.marker, t.origin, t.project, t.work_item_type, t.work_item_id,
        t.url, t.state, t.open, t.last_revision, t.failure_reason, t.created_at, t.updated_at
        """

    /// Records a ticket as pending, linked to its vulnerabilities, before the tracker is called.
    /// - Throws: `notFound` when the configuration or a vulnerability does not exist, `alreadyExists` when the
    ///   id or marker is taken.
    @discardableResult
    public func insertPending(_ new: NewTicket, now: Date = Date()) throws -> StoredTicket {
        try database.write("recording a pending ticket") {
            guard try connection.queryFirst(
                "SELECT 1 FROM configurations WHERE id = ? AND deleted_at IS NULL", [new.configurationId]
            ) != nil else {
                throw StorageError(.notFound, "no configuration with id \(new.configurationId)")
            }
            try connection.run(
                """
                INSERT INTO tickets (id, configuration_id, lifecycle, marker, origin, project, work_item_type,
                    created_at, updated_at)
                VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?)
                """,
                [
                    new.id, new.configurationId, new.marker, new.origin.rawValue, new.project, new.workItemType,
                    Timestamp.milliseconds(now), Timestamp.milliseconds(now),
                ]
            )
            for (position, vulnerabilityId) in new.vulnerabilityIds.enumerated() {
                guard try connection.queryFirst(
                    "SELECT 1 FROM vulnerabilities WHERE id = ?", [vulnerabilityId]
                ) != nil else {
                    throw StorageError(.notFound, "no vulnerability with id \(vulnerabilityId): report it first")
                }
                try connection.run(
                    "INSERT INTO ticket_vulnerabilities (ticket_id, vulnerability_id, position) VALUES (?, ?, ?)",
                    [new.id, vulnerabilityId, position]
                )
            }
            return try require(new.id)
        }
    }

    /// Records that the work item exists (created now, or adopted after a crash).
    /// - Throws: `notFound` when no pending or failed ticket has this id.
    @discardableResult
    public func markCreated(
        _ id: String, workItemId: Int, url: String, state: String, open: Bool, revision: Int, now: Date = Date()
    ) throws -> StoredTicket {
        try database.write("recording a created ticket") {
            try connection.run(
                """
                UPDATE tickets
                SET lifecycle = 'created', work_item_id = ?, url = ?, state = ?, open = ?, last_revision = ?,
                    failure_reason = NULL, updated_at = ?
                WHERE id = ? AND lifecycle != 'created'
                """,
                [workItemId, url, state, open, revision, Timestamp.milliseconds(now), id]
            )
            guard connection.changes == 1 else {
                throw StorageError(.notFound, "no pending ticket with id \(id)")
            }
            return try require(id)
        }
    }

    /// Records that the tracker refused the ticket, and why. A failed ticket is closed and does not count
    /// as tracking its vulnerabilities.
    @discardableResult
    public func markFailed(_ id: String, reason: String, now: Date = Date()) throws -> StoredTicket {
        try database.write("recording a failed ticket") {
            try connection.run(
                """
                UPDATE tickets SET lifecycle = 'failed', open = 0, failure_reason = ?, updated_at = ?
                WHERE id = ? AND lifecycle = 'pending'
                """,
                [reason, Timestamp.milliseconds(now), id]
            )
            guard connection.changes == 1 else {
                throw StorageError(.notFound, "no pending ticket with id \(id)")
            }
            return try require(id)
        }
    }

    /// Applies a work item state observed in the tracker, unless a newer revision was applied, or the same
    /// revision with the same state. Deleting and restoring a work item change its state without adding a
    /// revision, so an equal revision with another state is news.
    /// - Parameter force: record `state` and `revision` whatever revision is stored. For a stored revision the
    ///   tracker never reached (set by a forged or mistaken delivery), which would otherwise make every real
    ///   revision look stale for good.
    /// - Returns: the updated ticket, or nil when `revision` is stale.
    public func applyState(
        _ state: String, open: Bool, revision: Int, to id: String, now: Date = Date(), force: Bool = false
    ) throws -> StoredTicket? {
        try database.write("updating a ticket's state") {
            guard try get(id) != nil else { throw StorageError(.notFound, "no ticket with id \(id)") }
            try connection.run(
                """
                UPDATE tickets SET state = ?, open = ?, last_revision = ?, updated_at = ?
                WHERE id = ? AND lifecycle = 'created'
                  AND (? OR last_revision < ? OR (last_revision = ? AND state IS NOT ?))
                """,
                [state, open, revision, Timestamp.milliseconds(now), id, force, revision, revision, state]
            )
            return connection.changes == 1 ? try get(id) : nil
        }
    }

    public func get(_ id: String) throws -> StoredTicket? {
        try database.read("reading a ticket") {
            try connection.queryFirst("SELECT \(Self.columns) FROM tickets t WHERE t.id = ?", [id])
                .map(ticket(from:))
        }
    }

    /// The open (pending or created) ticket carrying `vulnerabilityId` in a configuration, if any.
    public func openTicket(for vulnerabilityId: String, in configurationId: String) throws -> StoredTicket? {
        try database.read("finding an open ticket") {
            try connection.queryFirst(
                """
                SELECT \(Self.columns) FROM tickets t JOIN ticket_vulnerabilities tv ON tv.ticket_id = t.id
                WHERE tv.vulnerability_id = ? AND t.configuration_id = ? AND t.open = 1 AND t.lifecycle != 'failed'
                ORDER BY t.created_at, t.id LIMIT 1
                """,
                [vulnerabilityId, configurationId]
            ).map(ticket(from:))
        }
    }

    /// The ticket of a work item within a configuration (work item ids are unique per collection only).
    public func find(workItemId: Int, in configurationId: String) throws -> StoredTicket? {
        try database.read("finding a ticket by work item") {
            try connection.queryFirst(
                "SELECT \(Self.columns) FROM tickets t WHERE t.configuration_id = ? AND t.work_item_id = ?",
                [configurationId, workItemId]
            ).map(ticket(from:))
        }
    }

    /// Tickets filtered by configuration and/or vulnerability (nil does not filter) and lifecycle, oldest
    /// first. Without a configuration this spans all configurations, as the status rules of SPEC §7 need.
    public func list(
        configurationId: String? = nil, vulnerabilityId: String? = nil,
        lifecycles: Set<TicketLifecycle> = [.created]
    ) throws -> [StoredTicket] {
        var conditions: [String] = []
        var bindings: [any SQLiteBindable] = []
        if let configurationId {
            conditions.append("t.configuration_id = ?")
            bindings.append(configurationId)
        }
        if let vulnerabilityId {
            conditions.append("t.id IN (SELECT ticket_id FROM ticket_vulnerabilities WHERE vulnerability_id = ?)")
            bindings.append(vulnerabilityId)
        }
        let states = lifecycles.map(\.rawValue).sorted()
        conditions.append("t.lifecycle IN (\(states.map { _ in "?" }.joined(separator: ", ")))")
        bindings.append(contentsOf: states)

        let sql = """
            SELECT \(Self.columns) FROM tickets t WHERE \(conditions.joined(separator: " AND "))
            ORDER BY t.created_at, t.id
            """
        return try database.read("listing tickets") {
            try connection.query(sql, bindings).map(ticket(from:))
        }
    }

    /// Tickets still pending, oldest first: after a restart each must be adopted or retried.
    public func pending() throws -> [StoredTicket] {
        try list(lifecycles: [.pending])
    }

    private func require(_ id: String) throws -> StoredTicket {
        guard let ticket = try get(id) else { throw StorageError(.notFound, "no ticket with id \(id)") }
        return ticket
    }

    private func ticket(from row: Row) throws -> StoredTicket {
        let id = try row.string(0)
        guard let lifecycle = TicketLifecycle(rawValue: try row.string(2)),
              let origin = Ticket.Origin(rawValue: try row.string(4))
        else {
            throw StorageError(.corrupt, "stored ticket \(id) has an unknown lifecycle or origin")
        }
        let vulnerabilityIds = try connection.query(
            "SELECT vulnerability_id FROM ticket_vulnerabilities WHERE ticket_id = ? ORDER BY position", [id]
        ).map { try $0.string(0) }
        return StoredTicket(
            id: id,
            configurationId: try row.string(1),
            lifecycle: lifecycle,
            marker: try row.string(3),
            origin: origin,
            project: try row.string(5),
            workItemType: try row.string(6),
            workItemId: try row.optionalInt(7),
            url: try row.optionalString(8),
            state: try row.optionalString(9),
            open: try row.bool(10),
            lastRevision: try row.int(11),
            failureReason: try row.optionalString(12),
            vulnerabilityIds: vulnerabilityIds,
            createdAt: Timestamp.date(try row.int64(13)),
            updatedAt: Timestamp.date(try row.int64(14))
        )
    }
}

import JSON

/// Everything the simulated collection holds: projects, people, tokens and work items with their history.
/// Loop-confined.
///
/// Changes go through `create`, `update`, `delete` and `restore`, which validate like the real server and
/// report each change to `observers` (the service-hook deliverer listens there).
public final class TrackerCollection {
    public let process: ProcessTemplate
    public let projects: [Project]
    public let members = Identity.defaultMembers
    public var accessTokens: [SimulatorConfiguration.AccessToken]
    public private(set) var workItems: [Int: WorkItem] = [:]
    private var nextWorkItemID = 1
    private var projectsByName: [String: Project] = [:]
    private var observers: [(WorkItemEvent) -> Void] = []

    /// The id of the collection, as service-hook payloads name it.
    public let collectionID = "c0a7e0b1-5e1d-4c47-8a1f-3f1d5e7b9a01"

    init(configuration: SimulatorConfiguration) {
        process = configuration.process
        accessTokens = configuration.accessTokens
        projects = (0..<configuration.projectCount).map { Project.generated(index: $0 + 1) }
        for project in projects {
            projectsByName[project.name.lowercased()] = project
            projectsByName[project.id.lowercased()] = project
        }
    }

    /// The owner of every personal access token.
    public var tokenOwner: Identity { members[0] }

    /// Registers a listener for every change.
    func observe(_ observer: @escaping (WorkItemEvent) -> Void) {
        observers.append(observer)
    }

    /// A project by name or id, ignoring case.
    public func project(_ nameOrID: String) -> Project? {
        projectsByName[nameOrID.lowercased()]
    }

    public func member(matching text: String) -> Identity? {
        members.first { $0.matches(text) }
    }

    /// A work item that exists and is not in the recycle bin.
    /// - Throws: `TrackerError` 404 TF401232 otherwise.
    public func liveWorkItem(_ id: Int) throws -> WorkItem {
        guard let item = workItems[id], !item.isDeleted else { throw TrackerError.workItemNotFound(id) }
        return item
    }

    // MARK: Changes

    /// Creates a work item from a patch document, as `POST {project}/_apis/wit/workitems/$Type` does.
    public func create(projectName: String, typeName: String, body: [UInt8], by author: Identity) throws -> WorkItem {
        guard let project = project(projectName) else { throw TrackerError.projectNotFound(projectName) }
        guard let type = process.workItemType(named: typeName) else {
            throw TrackerError.workItemTypeNotFound(typeName, project: project.name)
        }
        let patch = try WorkItemPatch.parse(body)
        if patch.operations.contains(where: { $0.kind == .test }) {
            throw TrackerError.invalidPatchDocument("A new work item has no revision to test.")
        }

        var draft = WorkItemDraft(project: project, type: type, fields: [:], relations: [])
        try apply(patch, to: &draft, members: members)
        let now = TrackerClock.now()
        let id = nextWorkItemID
        let fields = draft.completedForCreation(id: id, author: author, at: now)
        try draft.checkRequiredFields(fields)

        nextWorkItemID += 1
        let first = WorkItemRevision(rev: 1, fields: fields, relations: draft.relations, changedBy: author,
                                     changedDate: now)
        let item = WorkItem(id: id, project: project, type: type, first: first)
        workItems[id] = item
        notify(.created(item))
        return item
    }

    /// Applies a patch document to an existing work item, as `PATCH _apis/wit/workitems/{id}` does. A patch
    /// that changes nothing adds no revision.
    public func update(id: Int, body: [UInt8], by author: Identity) throws -> WorkItem {
        let item = try liveWorkItem(id)
        let patch = try WorkItemPatch.parse(body)
        try checkTests(patch, against: item)

        var draft = WorkItemDraft(project: item.project, type: item.type,
                                  fields: item.fields.removing("System.History"), relations: item.latest.relations)
        try apply(patch, to: &draft, members: members)
        try saveRevision(of: item, from: draft, by: author)
        return item
    }

    /// Moves a work item to another state (the admin API's "someone changed it in the web UI").
    public func setState(id: Int, state: String, by author: Identity, comment: String?) throws -> WorkItem {
        let item = try liveWorkItem(id)
        guard let target = item.type.state(named: state) else {
            throw TrackerError.ruleViolation(
                field: item.type.field("System.State")!,
                codes: "Required, HasValues, LimitedToValues, AllowsOldValue, InvalidListValue",
                flags: "required, hasValues, limitedToValues, allowsOldValue, invalidListValue"
            )
        }
        var draft = WorkItemDraft(project: item.project, type: item.type,
                                  fields: item.fields.removing("System.History"), relations: item.latest.relations)
        draft.setState(target)
        if let comment, !comment.isEmpty { draft.fields["System.History"] = .string(comment) }
        try saveRevision(of: item, from: draft, by: author)
        return item
    }

    /// Moves a work item to the recycle bin.
    public func delete(id: Int) throws -> WorkItem {
        let item = try liveWorkItem(id)
        item.isDeleted = true
        notify(.deleted(item))
        return item
    }

    /// Brings a work item back from the recycle bin.
    public func restore(id: Int) throws -> WorkItem {
        guard let item = workItems[id], item.isDeleted else { throw TrackerError.workItemNotFound(id) }
        item.isDeleted = false
        notify(.restored(item))
        return item
    }

    /// Forgets every work item (the admin API's full reset).
    func removeAllWorkItems() {
        workItems = [:]
        nextWorkItemID = 1
    }

    private func saveRevision(of item: WorkItem, from draft: WorkItemDraft, by author: Identity) throws {
        let previous = item.latest
        let unchanged = draft.fields == previous.fields.removing("System.History")
            && draft.relations == previous.relations
        guard !unchanged else { return }

        let now = TrackerClock.now()
        let fields = draft.completedForRevision(previous: previous, author: author, at: now)
        try draft.checkRequiredFields(fields)
        item.append(WorkItemRevision(rev: previous.rev + 1, fields: fields, relations: draft.relations,
                                     changedBy: author, changedDate: now))
        notify(.updated(item, previous: previous))
    }

    /// `test` operations compare against the current revision before anything changes.
    private func checkTests(_ patch: WorkItemPatch, against item: WorkItem) throws {
        for operation in patch.operations where operation.kind == .test {
            if operation.path.lowercased() == "/rev" {
                guard operation.value?.intValue == item.rev
                    || operation.value?.stringValue.flatMap(Int.init) == item.rev
                else { throw TrackerError.testOperationFailed(path: operation.path) }
            } else if let name = operation.fieldName {
                let field = item.type.field(name)
                guard let field, item.fields[field.referenceName] == operation.value else {
                    throw TrackerError.testOperationFailed(path: operation.path)
                }
            } else {
                throw TrackerError.testOperationFailed(path: operation.path)
            }
        }
    }

    private func notify(_ event: WorkItemEvent) {
        for observer in observers { observer(event) }
    }
}

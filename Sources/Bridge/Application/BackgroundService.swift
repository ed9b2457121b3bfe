/// Work the bridge keeps doing while it serves: the job runner, the periodic sync, the webhook listener.
/// Loop-confined.
protocol BackgroundService: AnyObject {
    /// Starts the work. Throws when it cannot start (e.g. an address that cannot be bound).
    func start() throws
    /// Stops taking new work and calls `completion` once in-flight work has finished or been abandoned.
    func stop(completion: @escaping () -> Void)
}

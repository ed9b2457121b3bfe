import Foundation

/// Records which jobs ran, and notes any job that started while already running.
///
/// `@unchecked Sendable`: every member is read and written only while holding `lock`.
final class RunLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var running: Set<Int64> = []
    private var finished: [Int64] = []
    private var notes: [String] = []

    func start(_ id: Int64) {
        lock.withLock {
            if !running.insert(id).inserted {
                notes.append("job \(id) started twice at once")
            }
        }
    }

    func finish(_ id: Int64) {
        lock.withLock {
            running.remove(id)
            finished.append(id)
        }
    }

    func note(_ problem: String) {
        lock.withLock { notes.append(problem) }
    }

    var runs: [Int64] { lock.withLock { finished } }
    var problems: [String] { lock.withLock { notes } }
}

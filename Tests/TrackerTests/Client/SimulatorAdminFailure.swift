/// The simulator's admin API refused a test's request.
struct SimulatorAdminFailure: Error, CustomStringConvertible {
    let description: String
}

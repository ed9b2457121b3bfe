/// A failure of the simulator tests' own plumbing (no JSON where JSON was due, nothing received in time).
struct SimulatorTestError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

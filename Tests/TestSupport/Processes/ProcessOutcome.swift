/// How a program that ran to completion ended, with everything it printed.
public struct ProcessOutcome: Sendable {
    public let exit: ProcessExit
    public let standardOutput: String
    public let standardError: String
}

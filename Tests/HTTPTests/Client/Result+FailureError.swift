/// The error of a failed result, for tests that inspect it.
extension Result {
    var failureError: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

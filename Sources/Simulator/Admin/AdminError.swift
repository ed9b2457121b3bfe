/// A request to the admin API that cannot be carried out; answered with 400 and the message.
struct AdminError: Error {
    let message: String
    var status = 400

    init(_ message: String, status: Int = 400) {
        self.message = message
        self.status = status
    }
}

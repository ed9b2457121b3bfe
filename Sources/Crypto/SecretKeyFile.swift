import Foundation

/// The file that holds the secret key (SPEC §2: `var/tracker-bridge.key`, mode 0600).
///
/// The file holds the key in base64 on one line. It is created with mode 0600 and refused when its mode
/// lets the group or others read or write it, because whoever can read it can decrypt every stored token.
public struct SecretKeyFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Whether a file (or anything else) exists at the path.
    public var exists: Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Reads the key, after checking that only the owner may read the file.
    public func load() throws -> SecretKey {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CryptoError(.keyFileUnavailable, "cannot open secret key file \(path): \(errnoText()); "
                + "check the path given with --secret-key-file")
        }
        defer { close(descriptor) }

        try checkPermissions(descriptor)
        let contents = try readAll(descriptor)
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let decoded = Data(base64Encoded: text), decoded.count == SecretKey.byteCount else {
            throw CryptoError(.malformedKeyFile, "secret key file \(path) does not hold a \(SecretKey.byteCount)-byte "
                + "base64 key: restore the key file from backup")
        }
        return try SecretKey(bytes: Array(decoded))
    }

    /// Writes a freshly generated key to a new file with mode 0600 and returns it. Never replaces an existing
    /// file: when another process created one first, that key is loaded and returned instead.
    public func create() throws -> SecretKey {
        let key = try SecretKey.generate()
        let directory = (path as NSString).deletingLastPathComponent
        try createDirectoryIfMissing(directory)

        let temporaryPath = path + ".new-\(getpid())"
        try writeDurably(Array((Data(key.bytes).base64EncodedString() + "\n").utf8), to: temporaryPath)
        defer { unlink(temporaryPath) }

        // link() fails with EEXIST instead of overwriting, so a key that already exists is never lost.
        if link(temporaryPath, path) != 0 {
            if errno == EEXIST {
                return try load()
            }
            throw CryptoError(.keyFileUnavailable, "cannot create secret key file \(path): \(errnoText())")
        }
        syncDirectory(directory.isEmpty ? "." : directory)
        return key
    }

    private func checkPermissions(_ descriptor: Int32) throws {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw CryptoError(.keyFileUnavailable, "cannot inspect secret key file \(path): \(errnoText())")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw CryptoError(.keyFileUnavailable, "secret key file \(path) is not a regular file")
        }
        let permissions = status.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            let octal = String(permissions, radix: 8)
            throw CryptoError(.insecureKeyFile, "secret key file \(path) has mode 0\(octal), which lets other users "
                + "read or change it: run `chmod 600 \(path)` and start again")
        }
    }

    private func readAll(_ descriptor: Int32) throws -> [UInt8] {
        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw CryptoError(.keyFileUnavailable, "cannot read secret key file \(path): \(errnoText())")
            }
            if count == 0 { return contents }
            contents += buffer.prefix(count)
        }
    }

    private func writeDurably(_ bytes: [UInt8], to file: String) throws {
        unlink(file)
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CryptoError(.keyFileUnavailable, "cannot create secret key file \(file): \(errnoText())")
        }
        defer { close(descriptor) }

        // The umask can only narrow the mode, but set it explicitly so the file is 0600 whatever it was.
        fchmod(descriptor, 0o600)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw CryptoError(.keyFileUnavailable, "cannot write secret key file \(file): \(errnoText())")
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else {
            throw CryptoError(.keyFileUnavailable, "cannot flush secret key file \(file): \(errnoText())")
        }
    }

    private func createDirectoryIfMissing(_ directory: String) throws {
        guard !directory.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw CryptoError(.keyFileUnavailable, "cannot create directory \(directory) for the secret key file: "
                + "\(error.localizedDescription)")
        }
    }

    private func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private func errnoText() -> String { String(cString: strerror(errno)) }
}

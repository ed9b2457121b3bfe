import Foundation

/// Splits a byte stream into NDJSON lines: `\n` ends a line, a `\r` before it is dropped, blank lines are
/// skipped. A line longer than `maxLineBytes` is reported once and its bytes are dropped as they arrive, so
/// memory stays bounded; framing resumes after its newline.
///
/// Complete lines inside one chunk are handed out without copying; only a line split across chunks is
/// buffered.
public struct LineFramer {
    /// What the framer found in the stream.
    public enum Frame {
        /// One line without its terminator; the bytes are valid only during the callback.
        case line(UnsafeRawBufferPointer)
        /// A line grew past the limit; the rest of it will be discarded.
        case oversized
    }

    /// After a large line, a buffer bigger than this is released rather than kept for reuse.
    private static let retainedBufferCapacity = 64 * 1024

    public let maxLineBytes: Int
    private var partialLine: [UInt8] = []
    private var isDiscarding = false

    public init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// Bytes of an unfinished line held back for the next chunk.
    public var bufferedByteCount: Int { partialLine.count }

    /// Feeds one chunk read from the stream; `handle` is called for every frame it completes.
    public mutating func consume(_ chunk: UnsafeRawBufferPointer, _ handle: (Frame) -> Void) {
        _ = consume(chunk, until: { false }, handle)
    }

    /// Feeds one chunk, but stops after a completed line as soon as `shouldStop` says so. Returns how many
    /// bytes of the chunk were taken; the rest begins a new line and is left for the caller to feed again.
    public mutating func consume(
        _ chunk: UnsafeRawBufferPointer, until shouldStop: () -> Bool, _ handle: (Frame) -> Void
    ) -> Int {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return chunk.count }
        var start = 0
        while start < chunk.count {
            guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), chunk.count - start) else {
                bufferTail(UnsafeRawBufferPointer(rebasing: chunk[start...]), handle)
                return chunk.count
            }
            let newline = UnsafeRawPointer(found) - base
            finishLine(UnsafeRawBufferPointer(rebasing: chunk[start..<newline]), handle)
            start = newline + 1
            if start < chunk.count, shouldStop() { return start }
        }
        return chunk.count
    }

    /// Treats whatever is buffered as a last line, for a peer that ends its input without a final newline.
    public mutating func finish(_ handle: (Frame) -> Void) {
        guard !partialLine.isEmpty, !isDiscarding else { return }
        finishLine(UnsafeRawBufferPointer(start: nil, count: 0), handle)
    }

    private mutating func finishLine(_ tail: UnsafeRawBufferPointer, _ handle: (Frame) -> Void) {
        if isDiscarding {
            isDiscarding = false
            return
        }
        if partialLine.isEmpty {
            emit(tail, handle)
            return
        }
        guard partialLine.count + tail.count <= maxLineBytes + 1 else {
            releaseBuffer()
            handle(.oversized)
            return
        }
        partialLine.append(contentsOf: tail)
        partialLine.withUnsafeBytes { emit($0, handle) }
        releaseBuffer()
    }

    /// Hands out one complete line unless it is blank or too long.
    private func emit(_ line: UnsafeRawBufferPointer, _ handle: (Frame) -> Void) {
        var length = line.count
        if length > 0, line[length - 1] == UInt8(ascii: "\r") { length -= 1 }
        guard length <= maxLineBytes else {
            handle(.oversized)
            return
        }
        let content = UnsafeRawBufferPointer(rebasing: line[0..<length])
        guard content.contains(where: { !Self.isBlank($0) }) else { return }
        handle(.line(content))
    }

    private mutating func bufferTail(_ tail: UnsafeRawBufferPointer, _ handle: (Frame) -> Void) {
        guard !isDiscarding else { return }
        // One extra byte leaves room for a `\r` that belongs to the terminator.
        guard partialLine.count + tail.count <= maxLineBytes + 1 else {
            releaseBuffer()
            isDiscarding = true
            handle(.oversized)
            return
        }
        partialLine.append(contentsOf: tail)
    }

    private mutating func releaseBuffer() {
        if partialLine.capacity > Self.retainedBufferCapacity {
            partialLine = []
        } else {
            partialLine.removeAll(keepingCapacity: true)
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}

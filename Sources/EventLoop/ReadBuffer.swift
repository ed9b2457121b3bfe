import CLibUV

/// The one buffer every connection of a loop reads into. libuv asks for a buffer and hands it back filled
/// within the same callback sequence, and readers consume the bytes before returning, so one buffer per loop
/// serves all connections and idle connections cost no buffer memory.
final class ReadBuffer {
    static let size = 64 * 1024
    private let storage = UnsafeMutablePointer<CChar>.allocate(capacity: ReadBuffer.size)

    deinit { storage.deallocate() }

    var uvBuffer: uv_buf_t { uv_buf_init(storage, UInt32(ReadBuffer.size)) }
}

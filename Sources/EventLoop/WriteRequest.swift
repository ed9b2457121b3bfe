import CLibUV

/// A `uv_write_t` together with the bytes it sends, allocated as one block that outlives the call and is
/// freed in the write callback.
struct WriteRequest {
    let request: UnsafeMutablePointer<uv_write_t>
    let count: Int
    private let bytes: UnsafeMutablePointer<UInt8>

    init(bytes source: [UInt8]) {
        let headerSize = (MemoryLayout<uv_write_t>.size + 15) & ~15
        let block = UnsafeMutableRawPointer.allocate(byteCount: headerSize + source.count, alignment: 16)
        request = block.bindMemory(to: uv_write_t.self, capacity: 1)
        bytes = (block + headerSize).bindMemory(to: UInt8.self, capacity: source.count)
        let count = source.count
        source.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { (block + headerSize).copyMemory(from: base, byteCount: count) }
        }
        self.count = count
    }

    var uvBuffer: uv_buf_t {
        uv_buf_init(UnsafeMutableRawPointer(bytes).assumingMemoryBound(to: CChar.self), UInt32(count))
    }

    static func release(_ request: UnsafeMutablePointer<uv_write_t>) {
        UnsafeMutableRawPointer(request).deallocate()
    }
}

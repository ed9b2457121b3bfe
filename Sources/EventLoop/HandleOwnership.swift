import CLibUV

/// How a Swift object owns a libuv handle: the handle's memory is allocated with the object, the handle's
/// `data` holds a retained reference to the object while the handle is open, and the close callback releases
/// that reference and frees the memory. A handle is therefore freed in exactly one place.
protocol HandleOwner: AnyObject {
    /// The handle's memory, allocated at `uv_handle_size` of its type.
    var handle: UnsafeMutableRawPointer { get }
    /// Called once from the close callback, before the memory is released.
    func handleDidClose()
}

extension HandleOwner {
    var rawHandle: UnsafeMutablePointer<uv_handle_t> { handle.assumingMemoryBound(to: uv_handle_t.self) }

    /// Makes the handle keep its owner alive until the handle is closed.
    func retainWhileOpen() {
        rawHandle.pointee.data = Unmanaged.passRetained(self as AnyObject).toOpaque()
    }

    var isClosing: Bool { uv_is_closing(rawHandle) != 0 }

    /// Starts closing the handle; the owner is released and the memory freed in the close callback.
    func closeHandle() {
        guard !isClosing else { return }
        uv_close(rawHandle) { handle in
            guard let handle, let data = handle.pointee.data else { return }
            let owner = Unmanaged<AnyObject>.fromOpaque(data).takeRetainedValue()
            (owner as? HandleOwner)?.handleDidClose()
            handle.pointee.data = nil
            UnsafeMutableRawPointer(handle).deallocate()
        }
    }

    /// The owner of a handle seen in a libuv callback.
    static func owner(of handle: UnsafeMutableRawPointer?) -> Self? {
        guard let handle else { return nil }
        guard let data = handle.assumingMemoryBound(to: uv_handle_t.self).pointee.data else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(data).takeUnretainedValue() as? Self
    }
}

/// Allocates zeroed memory for a libuv handle of the given type.
func allocateHandle(_ type: uv_handle_type) -> UnsafeMutableRawPointer {
    let size = uv_handle_size(type)
    let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
    memory.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    return memory
}

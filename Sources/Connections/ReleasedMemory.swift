#if canImport(Glibc)
import Glibc
#endif

/// Hands memory the allocator keeps after frees back to the system.
enum ReleasedMemory {
    #if canImport(Glibc)
    /// `malloc_trim` is declared in `malloc.h`, which the Glibc module does not export: looked up once by name
    /// (`RTLD_DEFAULT` is the null handle on Linux).
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
    #endif

    /// glibc keeps freed pages in its arenas; `malloc_trim(0)` returns what it can. Measured after a flood of 20,000
    /// connections against `palisade up` (see `ListenerFloodTests`). A few milliseconds, once per burst.
    static func trim() {
        #if canImport(Glibc)
        _ = mallocTrim?(0)
        #endif
    }
}
